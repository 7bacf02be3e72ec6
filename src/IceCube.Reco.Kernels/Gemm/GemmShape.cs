namespace IceCube.Reco.Kernels;

/// <summary>
/// Sizes, strides and scalars of one product C = alpha * op(A) * op(B) + beta * C + bias, all row-major floats.
/// Transposes are expressed as strides: element (i, k) of op(A) sits at i * ARowStride + k * AColStride, so NN, NT
/// and TN (and TT) share one kernel body with no branch in the inner loop.
/// </summary>
internal readonly struct GemmShape
{
    /// <summary>Creates a product description; see the properties for the meaning of each argument.</summary>
    public GemmShape(
        int m, int n, int k,
        int aRowStride, int aColStride, int bRowStride, int bColStride, int cRowStride,
        float alpha, float beta, bool hasBias)
    {
        M = m;
        N = n;
        K = k;
        ARowStride = aRowStride;
        AColStride = aColStride;
        BRowStride = bRowStride;
        BColStride = bColStride;
        CRowStride = cRowStride;
        Alpha = alpha;
        Beta = beta;
        HasBias = hasBias ? 1 : 0;
    }

    /// <summary>Rows of op(A) and of C.</summary>
    public int M { get; }

    /// <summary>Columns of op(B) and of C.</summary>
    public int N { get; }

    /// <summary>Columns of op(A), rows of op(B): the summed dimension.</summary>
    public int K { get; }

    /// <summary>Distance in floats between op(A)(i, k) and op(A)(i + 1, k).</summary>
    public int ARowStride { get; }

    /// <summary>Distance in floats between op(A)(i, k) and op(A)(i, k + 1).</summary>
    public int AColStride { get; }

    /// <summary>Distance in floats between op(B)(k, j) and op(B)(k + 1, j).</summary>
    public int BRowStride { get; }

    /// <summary>Distance in floats between op(B)(k, j) and op(B)(k, j + 1).</summary>
    public int BColStride { get; }

    /// <summary>Distance in floats between rows of C (C's columns are contiguous).</summary>
    public int CRowStride { get; }

    /// <summary>Scale of the product.</summary>
    public float Alpha { get; }

    /// <summary>Scale of the previous C; 0 means C is write-only and never read (it may hold garbage).</summary>
    public float Beta { get; }

    /// <summary>1 when a bias of N floats is added to every row of C, else 0 (an int: kernels take plain data).</summary>
    public int HasBias { get; }
}
