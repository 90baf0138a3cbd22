package org.lnautopilot.node;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.NodeId;
import org.lnautopilot.heuristic.GreedyFlow;
import org.lnautopilot.heuristic.HeuristicSpec;
import org.lnautopilot.routing.FeeSettings;

/**
 * The options of the autopilot on a live node, defined once for both front ends: {@code autopilot
 * run} (picocli, flags {@code --<name>}) and the Core Lightning plugin ({@code autopilot-<name>} in
 * lightningd's config). Each option's name, default and description are constants here, which
 * picocli's annotations and the plugin's manifest ({@link #ALL}) both read, and each check is one
 * method here, which both call with the flag as its user wrote it ({@link #cli}, {@link #plugin}),
 * so that a message names the flag in the user's own terms. The commands that share some of these
 * options ({@code recommend}, {@code evaluate}, {@code simulate-payments}) read the same constants.
 * Needs no picocli.
 *
 * <p>Every check is O(1) but {@link #exclude} (O(keys)); stateless and thread-safe.
 */
public final class AutopilotOptions {
    private AutopilotOptions() {
    }

    /** One option: its name without prefix, lightningd's type ({@code string}, {@code int}, {@code flag}), default ("" for none) and description. */
    public record Def(String name, String type, String defaultValue, String description) {
    }

    /** {@code heuristic}: which heuristic picks the peers. */
    public static final String HEURISTIC = "heuristic";
    /** The default heuristic: the seed's law. */
    public static final String HEURISTIC_DEFAULT = "constrained";
    /** {@link #HEURISTIC}'s description. */
    public static final String HEURISTIC_HELP = "constrained (the seed's law), preferential, top_centrality, "
            + "externalscore (needs scores), uniform, greedy_centrality, greedy_reach, greedy_routing or greedy_flow "
            + "(the last three need a graph with channel policies; amount, and for greedy_routing and greedy_flow the "
            + "new node's fee-base, fee-ppm, cltv-delta; greedy_flow runs greedy_routing's greedy "
            + "again without its first pick, then without its second, and keeps the set that earns most in "
            + "simulated payments with balances; see flow-check), or a weighted combination such as "
            + "preferential:0.3,top_centrality:0.7.";

    /** {@code amount}: the payment amount, satoshis, that greedy_reach, greedy_routing and greedy_flow optimise for. */
    public static final String AMOUNT = "amount";
    /** {@link #AMOUNT}'s default: {@link HeuristicSpec#DEFAULT_AMOUNT_MSAT} in satoshis. */
    public static final String AMOUNT_DEFAULT = "" + HeuristicSpec.DEFAULT_AMOUNT_MSAT / 1000;
    /** {@link #AMOUNT}'s description. */
    public static final String AMOUNT_HELP = "Payment amount, satoshis, that greedy_reach, greedy_routing and "
            + "greedy_flow optimise for.";

    /** {@code fee-base}: the new node's base fee, msat. */
    public static final String FEE_BASE = "fee-base";
    /** {@link #FEE_BASE}'s description. */
    public static final String FEE_BASE_HELP = "The new node's base fee, msat (default: the graph's median).";
    /** {@code fee-ppm}: the new node's fee rate. */
    public static final String FEE_PPM = "fee-ppm";
    /** {@link #FEE_PPM}'s description. */
    public static final String FEE_PPM_HELP = "The new node's fee rate, ppm (default: the graph's median).";
    /** {@code cltv-delta}: the new node's time lock delta. */
    public static final String CLTV_DELTA = "cltv-delta";
    /** {@link #CLTV_DELTA}'s description. */
    public static final String CLTV_DELTA_HELP = "The new node's time lock delta (default: the graph's median).";

    /** {@code flow-check}: how much greedy_flow checks its candidate sets by simulation. */
    public static final String FLOW_CHECK = "flow-check";
    /** {@link #FLOW_CHECK}'s default. */
    public static final String FLOW_CHECK_DEFAULT = "quick";
    /** {@link #FLOW_CHECK}'s description. */
    public static final String FLOW_CHECK_HELP = "How greedy_flow checks its candidate peer sets: quick (three sets, "
            + "two simulated runs of 10,000 payments each, compared by fee income; about 16 s on mainnet-2024, 1.33x "
            + "greedy_routing's forwards over 84 seeds, 1.32x on the 60 it was not shaped on) or thorough (greedy_routing's "
            + "set and the set without each of its picks, three runs of 100,000 payments, compared by first "
            + "attempts through the node, the best three of the first run alone making the other two; about 55 s, "
            + "1.51x over 72 seeds, 1.49x on the 48 it was not chosen on).";

    /** {@code scores}: the external scores file of externalscore. */
    public static final String SCORES = "scores";
    /** {@link #SCORES}'s description. */
    public static final String SCORES_HELP = "External scores for externalscore: a JSON object "
            + "{\"<66-hex key>\": score in [0, 1], ...}.";

    /** {@code allocation}: the fraction of all funds to keep in channels. */
    public static final String ALLOCATION = "allocation";
    /** {@link #ALLOCATION}'s default. */
    public static final String ALLOCATION_DEFAULT = "0.6";
    /** {@link #ALLOCATION}'s description. */
    public static final String ALLOCATION_HELP = "Fraction of all funds to keep in channels.";

    /** {@code max-channels}: the most channels to hold. */
    public static final String MAX_CHANNELS = "max-channels";
    /** {@link #MAX_CHANNELS}'s default. */
    public static final String MAX_CHANNELS_DEFAULT = "5";
    /** {@link #MAX_CHANNELS}'s description. */
    public static final String MAX_CHANNELS_HELP = "Most channels to hold.";

    /** {@code min-chan-size}: the smallest channel, satoshis. */
    public static final String MIN_CHAN_SIZE = "min-chan-size";
    /** {@link #MIN_CHAN_SIZE}'s default. */
    public static final String MIN_CHAN_SIZE_DEFAULT = "20000";
    /** {@link #MIN_CHAN_SIZE}'s description. */
    public static final String MIN_CHAN_SIZE_HELP = "Smallest channel, satoshis; the on-chain fee is paid on top, "
            + "never taken from it.";

    /** {@code max-chan-size}: the largest channel, satoshis. */
    public static final String MAX_CHAN_SIZE = "max-chan-size";
    /** {@link #MAX_CHAN_SIZE}'s default. */
    public static final String MAX_CHAN_SIZE_DEFAULT = "16777215";
    /** {@link #MAX_CHAN_SIZE}'s description. */
    public static final String MAX_CHAN_SIZE_HELP = "Largest channel, satoshis.";

    /** {@code max-pending}: the most opens in flight. */
    public static final String MAX_PENDING = "max-pending";
    /** {@link #MAX_PENDING}'s default. */
    public static final String MAX_PENDING_DEFAULT = "10";
    /** {@link #MAX_PENDING}'s description. */
    public static final String MAX_PENDING_HELP = "Most opens in flight, 1 to 65535.";

    /** {@code reserve}: on-chain satoshis never put in channels. */
    public static final String RESERVE = "reserve";
    /** {@link #RESERVE}'s default. */
    public static final String RESERVE_DEFAULT = "100000";
    /** {@link #RESERVE}'s description. */
    public static final String RESERVE_HELP = "On-chain satoshis never put in channels (fees for closes and anchors).";

    /** {@code exclude}: peers never picked. */
    public static final String EXCLUDE = "exclude";
    /** {@link #EXCLUDE}'s description. */
    public static final String EXCLUDE_HELP = "Peers never picked (66-hex keys, comma-separated).";

    /** {@code state}: the autopilot's state file. */
    public static final String STATE = "state";
    /** {@link #STATE}'s description. */
    public static final String STATE_HELP = "Autopilot's state file (default: $HOME/.lnautopilot/state.json; in the "
            + "Core Lightning plugin <lightning-dir>/lnautopilot/state.json).";

    /** {@code seed}: the heuristic's random seed. */
    public static final String SEED = "seed";
    /** {@link #SEED}'s description. */
    public static final String SEED_HELP = "Random seed of the heuristic (default: random, and printed).";

    /** {@code execute}: open channels; without it a dry run. */
    public static final String EXECUTE = "execute";
    /** {@link #EXECUTE}'s description. */
    public static final String EXECUTE_HELP = "Open the channels (default: dry run, no connect, no open).";

    /**
     * Every option of the Core Lightning plugin, in its manifest's order. Options with no default
     * and the fee settings are strings ("" when absent), since lightningd's {@code int} options
     * cannot be left empty.
     */
    public static final List<Def> ALL = List.of(
            new Def(HEURISTIC, "string", HEURISTIC_DEFAULT, HEURISTIC_HELP),
            new Def(AMOUNT, "int", AMOUNT_DEFAULT, AMOUNT_HELP),
            new Def(FEE_BASE, "string", "", FEE_BASE_HELP),
            new Def(FEE_PPM, "string", "", FEE_PPM_HELP),
            new Def(CLTV_DELTA, "string", "", CLTV_DELTA_HELP),
            new Def(FLOW_CHECK, "string", FLOW_CHECK_DEFAULT, FLOW_CHECK_HELP),
            new Def(SCORES, "string", "", SCORES_HELP),
            new Def(ALLOCATION, "string", ALLOCATION_DEFAULT, ALLOCATION_HELP),
            new Def(MAX_CHANNELS, "int", MAX_CHANNELS_DEFAULT, MAX_CHANNELS_HELP),
            new Def(MIN_CHAN_SIZE, "int", MIN_CHAN_SIZE_DEFAULT, MIN_CHAN_SIZE_HELP),
            new Def(MAX_CHAN_SIZE, "int", MAX_CHAN_SIZE_DEFAULT, MAX_CHAN_SIZE_HELP),
            new Def(MAX_PENDING, "int", MAX_PENDING_DEFAULT, MAX_PENDING_HELP),
            new Def(RESERVE, "int", RESERVE_DEFAULT, RESERVE_HELP),
            new Def(EXCLUDE, "string", "", EXCLUDE_HELP),
            new Def(STATE, "string", "", STATE_HELP),
            new Def(SEED, "string", "", SEED_HELP),
            new Def(EXECUTE, "flag", "", EXECUTE_HELP));

    /** The command line's flag for an option: {@code --<name>}. */
    public static String cli(String name) {
        return "--" + name;
    }

    /** The plugin's option for an option: {@code autopilot-<name>}. */
    public static String plugin(String name) {
        return "autopilot-" + name;
    }

    /**
     * The heuristic specification.
     *
     * @throws IllegalArgumentException naming {@code flag} for a bad specification
     */
    public static HeuristicSpec heuristic(String flag, String text) {
        try {
            return HeuristicSpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }

    /**
     * The payment amount in msat.
     *
     * @throws IllegalArgumentException naming {@code flag} for an amount that is not positive or past 21 million BTC
     */
    public static long amountMsat(String flag, long amountSat) {
        if (!HeuristicSpec.validAmountSat(amountSat)) {
            throw new IllegalArgumentException(flag + " must be a positive number of satoshis, got " + amountSat);
        }
        return amountSat * 1000;
    }

    /**
     * greedy_flow's check by name ({@code quick}, {@code thorough}).
     *
     * @throws IllegalArgumentException naming {@code flag} and the names allowed
     */
    public static GreedyFlow.Check flowCheck(String flag, String name) {
        try {
            return GreedyFlow.Check.named(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + e.getMessage(), e);
        }
    }

    /**
     * The new node's policy; a null value is the graph's median ({@link FeeSettings#MEDIAN}).
     *
     * @param prefix {@code "--"} or {@code "autopilot-"}: the flags are named with it
     * @throws IllegalArgumentException naming the flag out of range: base and rate in [0, 2^32), delta in [0, 65535]
     */
    public static FeeSettings fees(String prefix, Long baseMsat, Long ratePpm, Long cltvDelta) {
        if (baseMsat != null && (baseMsat < 0 || baseMsat > ChannelPolicy.MAX_U32)) {
            throw new IllegalArgumentException(prefix + FEE_BASE + " must be in [0, 2^32) msat, got " + baseMsat);
        }
        if (ratePpm != null && (ratePpm < 0 || ratePpm > ChannelPolicy.MAX_U32)) {
            throw new IllegalArgumentException(prefix + FEE_PPM + " must be in [0, 2^32), got " + ratePpm);
        }
        if (cltvDelta != null && (cltvDelta < 0 || cltvDelta > 0xFFFF)) {
            throw new IllegalArgumentException(prefix + CLTV_DELTA + " must be in [0, 65535], got " + cltvDelta);
        }
        return new FeeSettings(baseMsat != null ? baseMsat : FeeSettings.MEDIAN,
                ratePpm != null ? ratePpm : FeeSettings.MEDIAN,
                cltvDelta != null ? (int) (long) cltvDelta : FeeSettings.MEDIAN);
    }

    /**
     * The most channels to hold.
     *
     * @throws IllegalArgumentException naming {@code flag} for a negative count or one past 2^31 - 1
     */
    public static int maxChannels(String flag, long n) {
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(flag + " must be non-negative, got " + n);
        }
        return (int) n;
    }

    /**
     * The most opens in flight.
     *
     * @throws IllegalArgumentException naming {@code flag} outside [1, 65535]
     */
    public static int maxPending(String flag, long n) {
        if (n < 1 || n > 65_535) {
            throw new IllegalArgumentException(flag + " must be in [1, 65535], got " + n);
        }
        return (int) n;
    }

    /**
     * The on-chain reserve, satoshis.
     *
     * @throws IllegalArgumentException naming {@code flag} for a negative reserve
     */
    public static long reserveSat(String flag, long sat) {
        if (sat < 0) {
            throw new IllegalArgumentException(flag + " must be non-negative, got " + sat);
        }
        return sat;
    }

    /**
     * The excluded peers, in the order given; blank entries are skipped and keys trimmed. O(keys).
     *
     * @throws IllegalArgumentException naming {@code flag} and the key that is not a node key
     */
    public static Set<NodeId> exclude(String flag, Iterable<String> keys) {
        final Set<NodeId> out = new LinkedHashSet<>();
        for (String k : keys) {
            if (k.isBlank()) {
                continue;
            }
            try {
                out.add(NodeId.fromHex(k.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(flag + " " + k.trim() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
