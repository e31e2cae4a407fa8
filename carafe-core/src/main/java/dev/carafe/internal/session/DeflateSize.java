package dev.carafe.internal.session;

/**
 * The exact length of {@code zlib.compress(data)} at zlib's default level (6), worked out
 * without running zlib.
 *
 * <p>Why this exists: Flask compresses every session and keeps the result only when it is at
 * least 2 bytes shorter, so a cookie byte-identical to Flask's needs zlib's length. For a small
 * session the answer is nearly always "longer", and setting zlib up for it (about 256 KB of native
 * state, part of it cleared on every use) was the largest cost of saving a session
 * (docs/benchmarks.md). No library computes a deflate length without compressing, hence this.
 *
 * <p>How it stays exact: it follows zlib step by step for one block of input that fits in its
 * window. The LZ77 pass is {@code deflate_slow} with level 6's settings: hash chains in the order
 * zlib keeps them, colliding hashes included (position 0 never matches, as in zlib),
 * {@code longest_match} with its chain limits and its cap of a match at the bytes left, and lazy
 * matching. The block's size is {@code trees.c}'s: each
 * Huffman tree built by {@code build_tree} with its tie-breaking by depth (every optimal tree
 * costs the same in the data, but the lengths, and so the header that sends them, differ), the
 * run-length coding of the lengths by {@code scan_tree}, the code-length tree, and the choice by
 * {@code _tr_flush_block} between the stored, fixed and dynamic forms. Where zlib would have to
 * shorten a code that grew too long (a rare case not worth copying), the answer is
 * {@link #UNKNOWN} and the caller runs zlib. {@code DeflateSizeTest} checks the result against
 * the JDK's zlib on thousands of inputs.
 */
final class DeflateSize {
    /**
     * The longest input handled: one block, no window sliding, and no match far enough back for
     * zlib to drop it (TOO_FAR, 4096); a cookie is smaller anyway.
     */
    static final int MAX_INPUT = 4096;
    /** Returned when the length cannot be worked out: the caller runs zlib. */
    static final int UNKNOWN = -1;

    // deflate.c, level 6: good_length 8, max_lazy 16, nice_length 128, max_chain 128.
    private static final int GOOD_MATCH = 8;
    private static final int MAX_LAZY = 16;
    private static final int NICE_MATCH = 128;
    private static final int MAX_CHAIN = 128;
    private static final int MIN_MATCH = 3;
    private static final int MAX_MATCH = 258;

    // trees.c
    private static final int LITERALS = 256;
    private static final int END_BLOCK = 256;
    private static final int L_CODES = 286;
    private static final int D_CODES = 30;
    private static final int BL_CODES = 19;
    private static final int MAX_BITS = 15;
    private static final int MAX_BL_BITS = 7;
    private static final int REP_3_6 = 16;
    private static final int REPZ_3_10 = 17;
    private static final int REPZ_11_138 = 18;
    private static final int[] EXTRA_LBITS = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    private static final int[] EXTRA_DBITS = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
    private static final int[] EXTRA_BLBITS = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7};
    private static final int[] BL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    /** The fixed code's lengths: literal/length symbols and distance symbols. */
    private static final int[] STATIC_LTREE_LEN = new int[L_CODES];
    private static final int[] STATIC_DTREE_LEN = new int[D_CODES];
    /** Length code of match length - 3, and distance code of distance - 1, as tr_static_init builds them. */
    private static final byte[] LENGTH_CODE = new byte[256];
    private static final byte[] DIST_CODE = new byte[512];
    /** zlib's header (2 bytes) and Adler-32 trailer (4 bytes). */
    private static final int ZLIB_FRAME = 6;
    /** What the stored form adds to the data: the block's header (5 bytes) and the zlib frame. */
    private static final int STORED_EXTRA = 5 + ZLIB_FRAME;
    /** The longest input {@link #lowerBound} handles, and so the size of {@link #F_LOG2_F}. */
    static final int BOUNDED_INPUT = 512;
    /** {@code f·log2(f)} for every count of a symbol in that input (at most one per byte and END_BLOCK). */
    private static final double[] F_LOG2_F = new double[BOUNDED_INPUT + 2];
    /** A tree's depth fits in 8 bits (zlib keeps it in a byte); the frequency goes above it. */
    private static final int DEPTH_BITS = 8;
    private static final long DEPTH_MASK = (1 << DEPTH_BITS) - 1;
    /** Enough bits for a position below MAX_INPUT (12); the hash goes above them. */
    private static final int POSITION_BITS = 32 - Integer.numberOfLeadingZeros(MAX_INPUT - 1);
    private static final int POSITION_MASK = (1 << POSITION_BITS) - 1;

    static {
        for (int f = 1; f < F_LOG2_F.length; f++) {
            F_LOG2_F[f] = f * (Math.log(f) / Math.log(2));
        }
        for (int n = 0; n < STATIC_LTREE_LEN.length; n++) {
            STATIC_LTREE_LEN[n] = n <= 143 ? 8 : n <= 255 ? 9 : n <= 279 ? 7 : 8;
        }
        java.util.Arrays.fill(STATIC_DTREE_LEN, 5);
        int length = 0;
        int code;
        for (code = 0; code < EXTRA_LBITS.length - 1; code++) {
            for (int n = 0; n < 1 << EXTRA_LBITS[code]; n++) {
                LENGTH_CODE[length++] = (byte) code;
            }
        }
        LENGTH_CODE[length - 1] = (byte) code; // a match of 258 has its own code
        int dist = 0;
        for (code = 0; code < 16; code++) {
            for (int n = 0; n < 1 << EXTRA_DBITS[code]; n++) {
                DIST_CODE[dist++] = (byte) code;
            }
        }
        dist >>= 7;
        for (; code < D_CODES; code++) {
            for (int n = 0; n < 1 << (EXTRA_DBITS[code] - 7); n++) {
                DIST_CODE[256 + dist++] = (byte) code;
            }
        }
    }

    private DeflateSize() {}

    /**
     * Returns the length of {@code zlib.compress(data)} for 1 to {@link #MAX_INPUT} bytes of
     * data, or {@link #UNKNOWN}.
     */
    static int of(byte[] data) {
        return of(data, Integer.MAX_VALUE);
    }

    /**
     * Returns the length of {@code zlib.compress(data)} for 1 to {@link #MAX_INPUT} bytes of
     * data when it is at most {@code limit}; when it is longer, a number above {@code limit} that
     * may be only a lower bound of the length; or {@link #UNKNOWN}.
     *
     * <p>The bound ({@link #lowerBound}) needs no Huffman tree, and settles most small sessions,
     * whose compressed form is never short enough to be used.
     */
    static int of(byte[] data, int limit) {
        int n = data.length;
        if (n == 0 || n > MAX_INPUT) {
            return UNKNOWN;
        }
        // Counts of symbols: at most MAX_INPUT + 1 each, so shorts (half the memory to clear).
        short[] litFreq = new short[L_CODES];
        short[] distFreq = new short[D_CODES];
        tally(data, litFreq, distFreq);
        litFreq[END_BLOCK] = 1;
        // The stored form (n + 11 bytes) caps every answer, so only a lower limit can be settled early.
        if (n <= BOUNDED_INPUT && limit < n + STORED_EXTRA) {
            int bound = lowerBound(data, litFreq, distFreq);
            if (bound > limit) {
                return bound;
            }
        }
        return exactLength(litFreq, distFreq, n);
    }

    /** {@link #lowerBound(byte[], short[], short[])} of 1 to {@link #BOUNDED_INPUT} bytes of data (for tests). */
    static int lowerBound(byte[] data) {
        short[] litFreq = new short[L_CODES];
        short[] distFreq = new short[D_CODES];
        tally(data, litFreq, distFreq);
        litFreq[END_BLOCK] = 1;
        return lowerBound(data, litFreq, distFreq);
    }

    /**
     * A lower bound of the length, for input of up to {@link #BOUNDED_INPUT} bytes, from the
     * symbol counts alone: each block form zlib may choose costs at least this much.
     * <ul>
     *   <li>stored: exactly {@code n + 5} bytes;</li>
     *   <li>fixed code: its exact cost, as {@link #exactLength} counts it;</li>
     *   <li>dynamic code: the symbols cost at least the entropy of their counts, which no prefix
     *       code beats (Shannon), plus their extra bits. The header costs at least its fixed
     *       fields (HLIT, HDIST, HCLEN, and 3 bits for each of at least 4 code-length codes),
     *       plus what sending the literal/length code's lengths costs at least: every
     *       code-length symbol takes 1 bit or more (the code-length code has 2 symbols or more),
     *       a symbol sends at most 6 non-zero lengths (REP_3_6, then with 2 extra bits), and a
     *       run of zeros costs at least {@link #zerosBound}. The distance code's lengths count
     *       as nothing.</li>
     * </ul>
     */
    private static int lowerBound(byte[] data, short[] litFreq, short[] distFreq) {
        // The literal/length symbols in use, in order, without reading all 286 counts: literals
        // are among the input's bytes (a bitmap of them), lengths and END_BLOCK above them.
        long[] bytesSeen = new long[4];
        for (byte b : data) {
            bytesSeen[(b & 0xff) >>> 6] |= 1L << b;
        }
        long staticBits = 0;
        long extraBits = 0;
        int litTotal = 0;
        double litSum = 0;
        int used = 0;
        long lengthBits = 0;
        int last = -1;
        for (int s = nextSymbol(bytesSeen, 0); s < L_CODES; s = nextSymbol(bytesSeen, s + 1)) {
            int f = litFreq[s];
            if (f == 0) {
                continue; // a byte only ever matched
            }
            int xbits = s > LITERALS ? EXTRA_LBITS[s - LITERALS - 1] : 0;
            staticBits += (long) f * (STATIC_LTREE_LEN[s] + xbits);
            extraBits += (long) f * xbits;
            litTotal += f;
            litSum += F_LOG2_F[f];
            used++;
            lengthBits += zerosBound(s - last - 1);
            last = s;
        }
        // Non-zero lengths: at least 1 bit for every 2 (REP_3_6 sends up to 6 for 3 bits). Zeros
        // after the last symbol used are not sent.
        lengthBits += used / 2;
        int distTotal = 0;
        double distSum = 0;
        for (int d = 0; d < D_CODES; d++) {
            int f = distFreq[d];
            if (f != 0) {
                staticBits += (long) f * (STATIC_DTREE_LEN[d] + EXTRA_DBITS[d]);
                extraBits += (long) f * EXTRA_DBITS[d];
                distTotal += f;
                distSum += F_LOG2_F[f];
            }
        }
        // N·H = N log2 N - sum of f log2 f; rounded down, less a margin for the doubles' error.
        double entropyBits = F_LOG2_F[litTotal] - litSum + F_LOG2_F[distTotal] - distSum;
        long dynamicBits = Math.max(0, (long) Math.floor(entropyBits - 1e-6)) + extraBits
                + 5 + 5 + 4 + 3 * 4 + lengthBits;
        long blockBytes = Math.min(data.length + 5L, Math.min((dynamicBits + 3 + 7) >> 3, (staticBits + 3 + 7) >> 3));
        return (int) (blockBytes + ZLIB_FRAME);
    }

    /** The first literal/length symbol from {@code from} on that is a byte seen, END_BLOCK, or a length. */
    private static int nextSymbol(long[] bytesSeen, int from) {
        for (int word = from >>> 6; word < bytesSeen.length; word++) {
            long bits = bytesSeen[word] & -1L << from; // from's low 6 bits: its place in the word
            if (bits != 0) {
                return word << 6 | Long.numberOfTrailingZeros(bits);
            }
            from = 0;
        }
        return Math.max(from, LITERALS);
    }

    /**
     * The fewest bits that can send a run of {@code zeros} zero code lengths: a bit each sent
     * one by one, 4 or more for up to 10 (REPZ_3_10: a code and 3 extra bits), 8 or more for up
     * to 138 (REPZ_11_138: 7 extra bits, or two REPZ_3_10), and mixes of these.
     */
    private static int zerosBound(int zeros) {
        return Math.min(Math.min(zeros, 8), Math.max(4, zeros - 6));
    }

    /** The length from the symbol counts: {@code trees.c}'s trees and {@code _tr_flush_block}'s choice. */
    private static int exactLength(short[] litFreq, short[] distFreq, int n) {
        Sizes sizes = new Sizes();
        byte[] litLen = new byte[L_CODES + 1];
        byte[] distLen = new byte[D_CODES + 1];
        // Each input byte yields at most one literal or length (and END_BLOCK one more); a match,
        // and so a distance, takes at least 3 bytes.
        int litMax = buildTree(sizes, litFreq, L_CODES, n + 1, STATIC_LTREE_LEN, EXTRA_LBITS, LITERALS + 1, MAX_BITS, litLen);
        int distMax = buildTree(sizes, distFreq, D_CODES, n / MIN_MATCH, STATIC_DTREE_LEN, EXTRA_DBITS, 0, MAX_BITS, distLen);
        if (litMax < 0 || distMax < 0) {
            return UNKNOWN;
        }
        // build_bl_tree: the code-length tree that sends both trees' lengths.
        short[] blFreq = new short[BL_CODES];
        scanTree(litLen, litMax, blFreq);
        scanTree(distLen, distMax, blFreq);
        byte[] blLen = new byte[BL_CODES + 1];
        if (buildTree(sizes, blFreq, BL_CODES, BL_CODES, null, EXTRA_BLBITS, 0, MAX_BL_BITS, blLen) < 0) {
            return UNKNOWN;
        }
        int maxBlIndex = BL_CODES - 1;
        while (maxBlIndex >= 3 && blLen[BL_ORDER[maxBlIndex]] == 0) {
            maxBlIndex--;
        }
        sizes.optLen += 3L * (maxBlIndex + 1) + 5 + 5 + 4;
        // _tr_flush_block: 3 header bits, and the last block is padded to a byte.
        long optLenB = (sizes.optLen + 3 + 7) >> 3;
        long staticLenB = (sizes.staticLen + 3 + 7) >> 3;
        long blockBytes = Math.min(optLenB, staticLenB);
        if (n + 4L <= blockBytes) {
            blockBytes = n + 5L; // stored: 3 bits padded to a byte, LEN and NLEN, the data
        }
        return (int) (blockBytes + ZLIB_FRAME);
    }

    /** What {@code deflate_state} adds up while building trees: the dynamic and fixed costs in bits. */
    private static final class Sizes {
        long optLen;
        long staticLen;
    }

    /**
     * zlib's {@code deflate_slow} over the whole input with {@code Z_FINISH}: counts the literals,
     * lengths and distances it emits into the two frequency tables.
     */
    private static void tally(byte[] data, short[] litFreq, short[] distFreq) {
        int n = data.length;
        // The input with room past its end, which longest_match reads as zlib does; those bytes
        // never decide a match, since a match reaching them has reached the bytes left (nice).
        byte[] window = java.util.Arrays.copyOf(data, n + MAX_MATCH + 1);
        int[] prev = previousWithSameHash(data);
        int strstart = 0;
        int lookahead = n;
        int matchLength = MIN_MATCH - 1;
        int matchStart = 0;
        int prevLength;
        int prevMatch;
        boolean matchAvailable = false;
        while (lookahead > 0) {
            int hashHead = prev[strstart]; // 0 (none) for the last two positions, never hashed
            prevLength = matchLength;
            prevMatch = matchStart;
            matchLength = MIN_MATCH - 1;
            if (hashHead != 0 && prevLength < MAX_LAZY) {
                // longest_match, inlined for its two results: the length and match_start.
                int bestLen = prevLength;
                int chain = prevLength >= GOOD_MATCH ? MAX_CHAIN >> 2 : MAX_CHAIN;
                int nice = Math.min(NICE_MATCH, lookahead);
                int cur = hashHead;
                do {
                    if (window[cur + bestLen] != window[strstart + bestLen]
                            || window[cur + bestLen - 1] != window[strstart + bestLen - 1]
                            || window[cur] != window[strstart]
                            || window[cur + 1] != window[strstart + 1]) {
                        continue;
                    }
                    // Bytes 2 are equal (same hash, same first two bytes); zlib compares from 3 on.
                    int len = 3;
                    while (len < MAX_MATCH && window[cur + len] == window[strstart + len]) {
                        len++;
                    }
                    if (len > bestLen) {
                        matchStart = cur;
                        bestLen = len;
                        if (len >= nice) {
                            break;
                        }
                    }
                } while ((cur = prev[cur]) > 0 && --chain != 0);
                // zlib drops a 3-byte match from more than 4096 (TOO_FAR) back; no input here is
                // long enough to have one.
                matchLength = Math.min(bestLen, lookahead);
            }
            if (prevLength >= MIN_MATCH && matchLength <= prevLength) {
                litFreq[LENGTH_CODE[prevLength - MIN_MATCH] + LITERALS + 1]++;
                int dist = strstart - 1 - prevMatch - 1;
                distFreq[dist < 256 ? DIST_CODE[dist] : DIST_CODE[256 + (dist >> 7)]]++;
                // Every position is hashed in order (prev[] holds that), so skipping the match's
                // positions is only moving past them.
                lookahead -= prevLength - 1;
                strstart += prevLength - 1;
                matchAvailable = false;
                matchLength = MIN_MATCH - 1;
            } else if (matchAvailable) {
                litFreq[window[strstart - 1] & 0xff]++;
                strstart++;
                lookahead--;
            } else {
                matchAvailable = true;
                strstart++;
                lookahead--;
            }
        }
        if (matchAvailable) {
            litFreq[window[strstart - 1] & 0xff]++;
        }
    }

    /**
     * For each position with 3 bytes left, the previous such position whose 3 bytes have the
     * same zlib hash (15 bits, shift 5), or 0: zlib's {@code prev[]} after every position was
     * inserted in order, which is when deflate_slow reads it. 0 is also zlib's "none", which is
     * why position 0 is never matched.
     */
    private static int[] previousWithSameHash(byte[] data) {
        int n = data.length;
        int[] prev = new int[n];
        if (n < MIN_MATCH) {
            return prev;
        }
        int size = Integer.highestOneBit(Math.max(2, (n - 2) * 2 - 1)) << 1;
        int mask = size - 1;
        // One slot per hash seen: (hash + 1) above the last position with it; 0 when empty.
        int[] table = new int[size];
        for (int p = 0; p + 2 < n; p++) {
            int hash = ((data[p] & 0xff) << 10 ^ (data[p + 1] & 0xff) << 5 ^ (data[p + 2] & 0xff)) & 0x7fff;
            int tag = (hash + 1) << POSITION_BITS;
            int slot = (hash * 0x9E3779B1) >>> 16 & mask;
            while (table[slot] != 0 && (table[slot] & ~POSITION_MASK) != tag) {
                slot = (slot + 1) & mask;
            }
            if (table[slot] != 0) {
                prev[p] = table[slot] & POSITION_MASK;
            }
            table[slot] = tag | p;
        }
        return prev;
    }

    /**
     * zlib's {@code build_tree} and {@code gen_bitlen}: builds the Huffman tree of
     * {@code freq[0..elems-1]}, of which at most {@code maxSymbols} occur (adding dummy symbols
     * when fewer than two do, as zlib does), fills {@code len}, adds the costs to {@code sizes}, and returns the highest symbol used,
     * or -1 if a length would pass {@code maxLength}.
     *
     * <p>Only the symbols in use take part, numbered in the order zlib puts them in its heap:
     * zlib compares nodes by frequency and depth only, never by number, so the tree is the same.
     */
    private static int buildTree(Sizes sizes, short[] freq, int elems, int maxSymbols, int[] staticLen, int[] extra,
            int extraBase, int maxLength, byte[] len) {
        int[] symbol = new int[Math.min(elems, maxSymbols) + 2]; // + 2: zlib's dummies
        int leaves = 0;
        int maxCode = -1;
        for (int s = 0; s < elems; s++) {
            if (freq[s] != 0) {
                symbol[leaves++] = maxCode = s;
            }
        }
        while (leaves < 2) {
            int dummy = maxCode < 2 ? ++maxCode : 0;
            freq[dummy] = 1;
            sizes.optLen--;
            if (staticLen != null) {
                sizes.staticLen -= staticLen[dummy];
            }
            symbol[leaves++] = dummy;
        }
        int nodes = 2 * leaves; // leaves, then leaves - 1 inner nodes
        // A node's frequency and depth in one number, compared as zlib's smaller() compares the
        // pair: by frequency, then depth, with ties (equal pairs) counting as smaller.
        long[] key = new long[nodes];
        int[] dad = new int[nodes];
        int[] heap = new int[nodes + 1];
        for (int i = 0; i < leaves; i++) {
            key[i] = (long) freq[symbol[i]] << DEPTH_BITS;
            heap[i + 1] = i;
        }
        int heapLen = leaves;
        for (int k = heapLen / 2; k >= 1; k--) {
            downHeap(heap, heapLen, key, k);
        }
        int heapMax = heap.length;
        int node = leaves;
        do {
            int a = heap[1];
            heap[1] = heap[heapLen--];
            downHeap(heap, heapLen, key, 1);
            int b = heap[1];
            heap[--heapMax] = a;
            heap[--heapMax] = b;
            long sum = (key[a] >>> DEPTH_BITS) + (key[b] >>> DEPTH_BITS);
            long depth = Math.max(key[a] & DEPTH_MASK, key[b] & DEPTH_MASK) + 1;
            key[node] = sum << DEPTH_BITS | depth;
            dad[a] = dad[b] = node;
            heap[1] = node++;
            downHeap(heap, heapLen, key, 1);
        } while (heapLen >= 2);
        heap[--heapMax] = heap[1];
        // gen_bitlen: lengths from the root down, in the order zlib assigns them. As in zlib, a
        // node's length replaces its parent link once read (the root's stays 0, its length).
        for (int h = heapMax + 1; h < heap.length; h++) {
            int n = heap[h];
            int bits = dad[dad[n]] + 1;
            if (bits > maxLength) {
                return -1;
            }
            dad[n] = bits;
            if (n < leaves) {
                int s = symbol[n];
                len[s] = (byte) bits;
                int xbits = s >= extraBase ? extra[s - extraBase] : 0;
                long f = key[n] >>> DEPTH_BITS;
                sizes.optLen += f * (bits + xbits);
                if (staticLen != null) {
                    sizes.staticLen += f * (staticLen[s] + xbits);
                }
            }
        }
        return maxCode;
    }

    /** zlib's {@code pqdownheap}: sifts {@code heap[k]} down, smaller frequency (then depth) first. */
    private static void downHeap(int[] heap, int heapLen, long[] key, int k) {
        int v = heap[k];
        long kv = key[v];
        int j = k << 1;
        while (j <= heapLen) {
            if (j < heapLen && key[heap[j + 1]] <= key[heap[j]]) {
                j++;
            }
            if (kv <= key[heap[j]]) {
                break;
            }
            heap[k] = heap[j];
            k = j;
            j <<= 1;
        }
        heap[k] = v;
    }

    /**
     * zlib's {@code scan_tree}: counts, into {@code blFreq}, the code-length symbols that send
     * {@code len[0..maxCode]}; {@code len[maxCode + 1]} is overwritten with a guard (-1 here,
     * 0xffff in zlib: a value no length has).
     */
    private static void scanTree(byte[] len, int maxCode, short[] blFreq) {
        int prevLen = -1;
        int nextLen = len[0];
        int count = 0;
        int maxCount = nextLen == 0 ? 138 : 7;
        int minCount = nextLen == 0 ? 3 : 4;
        len[maxCode + 1] = -1;
        for (int s = 0; s <= maxCode; s++) {
            int curLen = nextLen;
            nextLen = len[s + 1];
            if (++count < maxCount && curLen == nextLen) {
                continue;
            } else if (count < minCount) {
                blFreq[curLen] = (short) (blFreq[curLen] + count);
            } else if (curLen != 0) {
                if (curLen != prevLen) {
                    blFreq[curLen]++;
                }
                blFreq[REP_3_6]++;
            } else if (count <= 10) {
                blFreq[REPZ_3_10]++;
            } else {
                blFreq[REPZ_11_138]++;
            }
            count = 0;
            prevLen = curLen;
            if (nextLen == 0) {
                maxCount = 138;
                minCount = 3;
            } else if (curLen == nextLen) {
                maxCount = 6;
                minCount = 3;
            } else {
                maxCount = 7;
                minCount = 4;
            }
        }
    }
}
