/**
 * Growth models: Barabasi-Albert graphs (the embedded default), growth under a heuristic's
 * attachment law, the rate-equation theory of its degree distribution, and the
 * Clauset-Shalizi-Newman power-law fit.
 */
package org.lnautopilot.growth;
