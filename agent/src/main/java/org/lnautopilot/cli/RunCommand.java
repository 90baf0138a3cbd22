package org.lnautopilot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.graph.Addresses;
import org.lnautopilot.agent.AutopilotLog;
import org.lnautopilot.node.AutopilotOptions;
import org.lnautopilot.node.AutopilotRunner;
import org.lnautopilot.node.JsonText;
import org.lnautopilot.node.LineLogger;
import org.lnautopilot.node.NodeException;
import org.lnautopilot.node.RunJson;
import org.lnautopilot.node.RunListener;
import org.lnautopilot.node.StateStore;
import org.lnautopilot.node.cln.ClnNode;
import org.lnautopilot.node.lnd.LndNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code autopilot run}: drives a live node with {@link AutopilotRunner}. Dry run unless
 * {@code --execute}; {@code --once} decides once; otherwise it runs until SIGINT/SIGTERM, which stop
 * it within a second. Decisions and open results go to stdout (text, or one JSON object per line
 * with {@code --json}); progress lines to stderr. A run that cannot go on prints one line and exits 1.
 */
@Command(name = "run", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Drive a live lnd or Core Lightning node: decide which channels to open and (with --execute) "
                + "open them, remembering what autopilot did in a state file.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "or the node, Core Lightning:%n")
    Target target;

    static final class Target {
        @ArgGroup(exclusive = false, heading = "The node, lnd:%n")
        Lnd lnd;

        @Option(names = "--cln-rpc", paramLabel = "SOCKET", required = true, description = "Core Lightning's "
                + "lightning-rpc unix socket (e.g. ~/.lightning/bitcoin/lightning-rpc).")
        Path clnRpc;
    }

    static final class Lnd {
        @Option(names = "--lnd", paramLabel = "HOST:PORT", required = true, description = "lnd's gRPC address.")
        String hostPort;

        @Option(names = "--tlscert", paramLabel = "FILE", required = true, description = "lnd's tls.cert (the only "
                + "certificate trusted).")
        Path tlsCert;

        @Option(names = "--macaroon", paramLabel = "FILE", required = true, description = "An lnd macaroon, e.g. "
                + "admin.macaroon (dry runs need only read access).")
        Path macaroon;
    }

    @Mixin
    HeuristicOptions heuristicOptions;

    @Mixin
    BudgetOptions budget;

    @Option(names = "--" + AutopilotOptions.MAX_PENDING, paramLabel = "N", defaultValue = AutopilotOptions.MAX_PENDING_DEFAULT,
            description = AutopilotOptions.MAX_PENDING_HELP)
    int maxPending;

    @Option(names = "--" + AutopilotOptions.RESERVE, paramLabel = "SAT", defaultValue = AutopilotOptions.RESERVE_DEFAULT,
            description = AutopilotOptions.RESERVE_HELP)
    long reserve;

    @Option(names = "--" + AutopilotOptions.EXCLUDE, paramLabel = "KEY", split = ",",
            description = AutopilotOptions.EXCLUDE_HELP)
    List<String> exclude = new ArrayList<>();

    @Option(names = "--" + AutopilotOptions.STATE, paramLabel = "FILE", description = AutopilotOptions.STATE_HELP)
    Path state;

    @Option(names = "--once", description = "Decide once, wait for each open to finish, print, exit.")
    boolean once;

    @Option(names = "--" + AutopilotOptions.EXECUTE, description = AutopilotOptions.EXECUTE_HELP)
    boolean execute;

    @Option(names = "--" + AutopilotOptions.SEED, description = AutopilotOptions.SEED_HELP)
    Long seed;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Set<NodeId> excluded;
        try {
            AutopilotOptions.reserveSat(AutopilotOptions.cli(AutopilotOptions.RESERVE), reserve);
            AutopilotOptions.maxPending(AutopilotOptions.cli(AutopilotOptions.MAX_PENDING), maxPending);
            excluded = AutopilotOptions.exclude(AutopilotOptions.cli(AutopilotOptions.EXCLUDE), exclude);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        budget.check(spec.commandLine());
        final long runSeed = seed != null ? seed : new SecureRandom().nextLong();
        final HeuristicOptions.Parsed parsed = heuristicOptions.parse(spec.commandLine());
        final AttachmentHeuristic h = parsed.create(spec.commandLine(), budget, 1.0, runSeed);
        final StateStore store = new StateStore(state != null ? state : StateStore.defaultFile());
        final AutopilotRunner.Options options = new AutopilotRunner.Options(h, maxPending, reserve, excluded, store,
                execute, once, AutopilotRunner.Timing.DEFAULT);
        final Printer printer = new Printer(out, err, common.json, reserve);
        // The agent's own warnings (a heuristic or the wallet failing) go to stderr with the rest.
        AutopilotLog.useLogger(new LineLogger(System.Logger.Level.WARNING, printer::progress));
        printer.progress((execute ? "executing" : "dry run (add --execute to open channels)") + "; heuristic "
                + parsed.spec() + ", seed " + runSeed + ", state " + store.file());
        final Lnd lnd = target.lnd;
        final AutopilotRunner runner = new AutopilotRunner(lnd != null
                ? () -> LndNode.connect(lnd.hostPort, lnd.tlsCert, lnd.macaroon, LndNode.Settings.DEFAULT, false)
                : () -> new ClnNode(target.clnRpc, ClnNode.Settings.DEFAULT, false), options, printer);
        final Thread hook = new Thread(() -> {
            try {
                runner.stop(Duration.ofMillis(900));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "autopilot-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            runner.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook is running.
            }
        }
        return 0;
    }

    /** Text or JSON lines; thread-safe. */
    static final class Printer implements RunListener {
        private final PrintWriter out;
        private final PrintWriter err;
        private final boolean json;
        private final long reserve;

        Printer(PrintWriter out, PrintWriter err, boolean json, long reserve) {
            this.out = out;
            this.err = err;
            this.json = json;
            this.reserve = reserve;
        }

        @Override
        public synchronized void progress(String line) {
            err.println("autopilot: " + line);
            err.flush();
        }

        @Override
        public synchronized void decision(Decision d) {
            if (json) {
                line(g -> RunJson.decision(g, d, reserve));
                return;
            }
            out.printf("decision: balance %,d sat, reserve %,d, budget %,d sat, %d channel(s) open or pending%n",
                    d.balanceSat(), reserve, d.budgetSat(), d.channels());
            if (d.directives().isEmpty()) {
                out.println("  no channel to open");
            }
            int i = 1;
            for (AttachmentDirective a : d.directives()) {
                final List<String> as = new ArrayList<>();
                for (InetSocketAddress x : a.addrs()) {
                    as.add(Addresses.format(x));
                }
                out.printf("  %s %d: %s  %,d sat  %s%n", d.execute() ? "open" : "would open", i++, a.peerKey().toHex(),
                        a.chanAmtSat(), String.join(", ", as));
            }
            out.flush();
        }

        @Override
        public synchronized void openResult(NodeId peer, long amountSat, OutPoint chanPoint, NodeException failure) {
            if (json) {
                line(g -> RunJson.open(g, peer, amountSat, chanPoint, failure));
                return;
            }
            if (failure == null) {
                out.printf("opened %,d sat to %s: funding %s%n", amountSat, peer.toHex(), chanPoint);
            } else {
                out.printf("open of %,d sat to %s %s: %s%n", amountSat, peer.toHex(),
                        failure.kind() == NodeException.Kind.REFUSED ? "refused"
                                : "unanswered (the next start finds out from the node)", Main.describe(failure));
            }
            out.flush();
        }

        private void line(JsonText.Body body) {
            try {
                out.println(JsonText.object(body));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            out.flush();
        }
    }
}
