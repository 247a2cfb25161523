package dev.probity.models.encode;

import java.util.List;

/**
 * An encoded design matrix in a fixed-width sparse layout: every row has exactly {@code width} entries,
 * one per encoding step, at {@code index[row * width + j]} with value {@code value[row * width + j]}.
 * One-hot steps contribute their single active column, numeric steps their value; so a dot product
 * costs {@code width} multiply-adds however many one-hot columns there are. A value may be NaN where a
 * numeric column was missing and not imputed.
 */
public final class Matrix {
    private final int rows;
    private final int width;
    private final List<String> columnNames;
    private final int[] index;
    private final double[] value;

    public Matrix(int rows, int width, List<String> columnNames, int[] index, double[] value) {
        if (index.length != (long) rows * width || value.length != index.length) {
            throw new IllegalArgumentException("layout of " + index.length + " entries for " + rows + " x " + width);
        }
        this.rows = rows;
        this.width = width;
        this.columnNames = List.copyOf(columnNames);
        this.index = index;
        this.value = value;
    }

    public int rows() {
        return rows;
    }

    /** Number of encoded columns. */
    public int columns() {
        return columnNames.size();
    }

    /** Entries per row. */
    public int width() {
        return width;
    }

    public List<String> columnNames() {
        return columnNames;
    }

    /** The entry columns, row-major; the matrix's own storage. */
    public int[] index() {
        return index;
    }

    /** The entry values, row-major; the matrix's own storage. */
    public double[] value() {
        return value;
    }

    /** {@code coef[offset + column]} summed over the row's entries times their values. */
    public double dot(int row, double[] coef, int offset) {
        double s = 0;
        int base = row * width;
        for (int j = 0; j < width; j++) {
            s += value[base + j] * coef[offset + index[base + j]];
        }
        return s;
    }

    /** Whether any value is NaN; returns the first such (row, column) or null. */
    public int[] firstMissing() {
        for (int k = 0; k < value.length; k++) {
            if (Double.isNaN(value[k])) {
                return new int[] {k / width, index[k]};
            }
        }
        return null;
    }

    /** Dense row-major floats ({@code rows * columns()}), NaN kept, for libraries that want a dense block. */
    public float[] denseRowMajorFloat() {
        int p = columns();
        float[] out = new float[rows * p];
        for (int i = 0; i < rows; i++) {
            int base = i * width;
            for (int j = 0; j < width; j++) {
                out[i * p + index[base + j]] += (float) value[base + j];
            }
        }
        return out;
    }

    /** Dense column-major doubles: column {@code c} is {@code out[c]}. */
    public double[][] denseColumns() {
        int p = columns();
        double[][] out = new double[p][rows];
        for (int i = 0; i < rows; i++) {
            int base = i * width;
            for (int j = 0; j < width; j++) {
                out[index[base + j]][i] += value[base + j];
            }
        }
        return out;
    }
}
