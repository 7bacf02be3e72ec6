using System.Runtime.CompilerServices;

namespace IceCube.Reco.Compute;

/// <summary>
/// The recurrent products of up to four events at one step, C = A B (or C += A B): A is four rows of
/// <c>inner</c> contiguous floats (h_prev, or dz), B a row-major [inner, columns] matrix (U, or U^T). A 4 x 4-register
/// block keeps 16 accumulators live, so each loaded row of B serves four events and each broadcast of A four
/// registers. Each output element is one chain of multiply-adds over k = 0 .. inner - 1 (fused where the machine
/// fuses, at every width alike: <see cref="IFloatVector{TSelf}.MultiplyAdd"/>), so the bits do not depend on the
/// register width. Fewer than four events repeat the last row: duplicates compute the same values into
/// the same place.
/// </summary>
internal static unsafe class HostLstmProducts
{
    /// <summary>Rows of A (and of C) one call carries.</summary>
    public const int Rows = 4;

    /// <summary>
    /// C[r] (+)= A[r] B for the four row pointers in <paramref name="a"/> and <paramref name="c"/>: a register block of
    /// four vectors while it fits, then single vectors, then single floats for the columns past the last vector.
    /// </summary>
    /// <remarks>
    /// Not inlined into the recurrence: compiled on its own, the JIT inlines every multiply-add of the register
    /// blocks, where inside the whole block of steps its inlining budget runs out.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Multiply<TVec>(
        float** a, int inner, float* b, int columns, float** c, bool accumulate)
        where TVec : struct, IFloatVector<TVec>
    {
        int lanes = TVec.Count;
        int j = 0;
        for (; j + (4 * lanes) <= columns; j += 4 * lanes)
        {
            Block4<TVec>(a, inner, b, columns, j, c, accumulate);
        }

        for (; j + lanes <= columns; j += lanes)
        {
            Block1<TVec>(a, inner, b, columns, j, c, accumulate);
        }

        for (; j < columns; j++)
        {
            Block1<FloatX1>(a, inner, b, columns, j, c, accumulate);
        }
    }

    // Four events x four registers of columns j .. j + 4 * lanes - 1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block4<TVec>(float** a, int inner, float* b, int columns, int j, float** c, bool accumulate)
        where TVec : struct, IFloatVector<TVec>
    {
        int lanes = TVec.Count;
        float* a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
        float* c0 = c[0] + j, c1 = c[1] + j, c2 = c[2] + j, c3 = c[3] + j;
        TVec s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
        if (accumulate)
        {
            s00 = TVec.Load(c0); s01 = TVec.Load(c0 + lanes);
            s02 = TVec.Load(c0 + (2 * lanes)); s03 = TVec.Load(c0 + (3 * lanes));
            s10 = TVec.Load(c1); s11 = TVec.Load(c1 + lanes);
            s12 = TVec.Load(c1 + (2 * lanes)); s13 = TVec.Load(c1 + (3 * lanes));
            s20 = TVec.Load(c2); s21 = TVec.Load(c2 + lanes);
            s22 = TVec.Load(c2 + (2 * lanes)); s23 = TVec.Load(c2 + (3 * lanes));
            s30 = TVec.Load(c3); s31 = TVec.Load(c3 + lanes);
            s32 = TVec.Load(c3 + (2 * lanes)); s33 = TVec.Load(c3 + (3 * lanes));
        }
        else
        {
            var zero = TVec.Zero;
            s00 = zero; s01 = zero; s02 = zero; s03 = zero;
            s10 = zero; s11 = zero; s12 = zero; s13 = zero;
            s20 = zero; s21 = zero; s22 = zero; s23 = zero;
            s30 = zero; s31 = zero; s32 = zero; s33 = zero;
        }

        float* row = b + j;
        for (int k = 0; k < inner; k++, row += columns)
        {
            var y0 = TVec.Load(row);
            var y1 = TVec.Load(row + lanes);
            var y2 = TVec.Load(row + (2 * lanes));
            var y3 = TVec.Load(row + (3 * lanes));
            var x = TVec.Create(a0[k]);
            TVec.AddProduct(ref s00, x, y0); TVec.AddProduct(ref s01, x, y1);
            TVec.AddProduct(ref s02, x, y2); TVec.AddProduct(ref s03, x, y3);
            x = TVec.Create(a1[k]);
            TVec.AddProduct(ref s10, x, y0); TVec.AddProduct(ref s11, x, y1);
            TVec.AddProduct(ref s12, x, y2); TVec.AddProduct(ref s13, x, y3);
            x = TVec.Create(a2[k]);
            TVec.AddProduct(ref s20, x, y0); TVec.AddProduct(ref s21, x, y1);
            TVec.AddProduct(ref s22, x, y2); TVec.AddProduct(ref s23, x, y3);
            x = TVec.Create(a3[k]);
            TVec.AddProduct(ref s30, x, y0); TVec.AddProduct(ref s31, x, y1);
            TVec.AddProduct(ref s32, x, y2); TVec.AddProduct(ref s33, x, y3);
        }

        TVec.Store(s00, c0); TVec.Store(s01, c0 + lanes);
        TVec.Store(s02, c0 + (2 * lanes)); TVec.Store(s03, c0 + (3 * lanes));
        TVec.Store(s10, c1); TVec.Store(s11, c1 + lanes);
        TVec.Store(s12, c1 + (2 * lanes)); TVec.Store(s13, c1 + (3 * lanes));
        TVec.Store(s20, c2); TVec.Store(s21, c2 + lanes);
        TVec.Store(s22, c2 + (2 * lanes)); TVec.Store(s23, c2 + (3 * lanes));
        TVec.Store(s30, c3); TVec.Store(s31, c3 + lanes);
        TVec.Store(s32, c3 + (2 * lanes)); TVec.Store(s33, c3 + (3 * lanes));
    }

    // Four events x one register of columns j .. j + lanes - 1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block1<TVec>(float** a, int inner, float* b, int columns, int j, float** c, bool accumulate)
        where TVec : struct, IFloatVector<TVec>
    {
        float* a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
        float* c0 = c[0] + j, c1 = c[1] + j, c2 = c[2] + j, c3 = c[3] + j;
        TVec s0, s1, s2, s3;
        if (accumulate)
        {
            s0 = TVec.Load(c0); s1 = TVec.Load(c1); s2 = TVec.Load(c2); s3 = TVec.Load(c3);
        }
        else
        {
            s0 = TVec.Zero; s1 = s0; s2 = s0; s3 = s0;
        }

        float* row = b + j;
        for (int k = 0; k < inner; k++, row += columns)
        {
            var y = TVec.Load(row);
            TVec.AddProduct(ref s0, TVec.Create(a0[k]), y);
            TVec.AddProduct(ref s1, TVec.Create(a1[k]), y);
            TVec.AddProduct(ref s2, TVec.Create(a2[k]), y);
            TVec.AddProduct(ref s3, TVec.Create(a3[k]), y);
        }

        TVec.Store(s0, c0); TVec.Store(s1, c1); TVec.Store(s2, c2); TVec.Store(s3, c3);
    }
}
