package io.lorasweep.eval.metrics.seqeval;

/**
 * numpy's summation of a contiguous float64 array ({@code np.add.reduce}, hence {@code sum}, {@code mean} and
 * {@code average}): below 8 elements a plain running sum, up to 128 eight interleaved partial sums combined as
 * a tree, above that a recursive split. Reproducing the order keeps macro and weighted averages bit-identical
 * to seqeval's, not only close.
 */
final class PairwiseSum {

    private static final int BLOCK = 128;

    private PairwiseSum() {
    }

    static double sum(double[] a) {
        // np.add.reduce starts from the identity 0.0 and adds the pairwise sum of all elements.
        return 0.0 + pairwise(a, 0, a.length);
    }

    private static double pairwise(double[] a, int from, int n) {
        if (n < 8) {
            double res = -0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = a[from + j];
            }
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwise(a, from, half) + pairwise(a, from + half, n - half);
    }
}
