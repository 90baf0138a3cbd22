/**
 * Betweenness centrality (API.md part 2): exact ({@link org.lnautopilot.centrality.Betweenness#exact},
 * pendant trees folded in closed form, then batched Brandes 2001 on the core) and approximate with an
 * (epsilon, delta) guarantee (path sampling, Riondato and Kornaropoulos 2016), with their kernels.
 */
package org.lnautopilot.centrality;
