using System.Runtime.CompilerServices;

namespace IceCube.Reco.Compute;

/// <summary>
/// The recurrent products of up to four events at one step, C = A B (or C += A B): A is four rows of
/// <c>inner</c> contiguous floats (h_prev, or dz), B a row-major [inner, columns] matrix (U, or U^T). A 4 x 4-register
/// block keeps 16 accumulators live, so each loaded row of B serves four events and each broadcast of A four
/// registers. Each output element is one chain of fused multiply-adds over k = 0 .. inner - 1, so the bits do not
/// depend on the register width. Fewer than four events repeat the last row: duplicates compute the same values into
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
    public static void Multiply<TL, TVec>(
        float** a, int inner, float* b, int columns, float** c, bool accumulate)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        int lanes = TL.Count;
        int j = 0;
        for (; j + (4 * lanes) <= columns; j += 4 * lanes)
        {
            Block4<TL, TVec>(a, inner, b, columns, j, c, accumulate);
        }

        for (; j + lanes <= columns; j += lanes)
        {
            Block1<TL, TVec>(a, inner, b, columns, j, c, accumulate);
        }

        for (; j < columns; j++)
        {
            Block1<HostLstmLanesScalar, float>(a, inner, b, columns, j, c, accumulate);
        }
    }

    // Four events x four registers of columns j .. j + 4 * lanes - 1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block4<TL, TVec>(float** a, int inner, float* b, int columns, int j, float** c, bool accumulate)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        int lanes = TL.Count;
        float* a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
        float* c0 = c[0] + j, c1 = c[1] + j, c2 = c[2] + j, c3 = c[3] + j;
        TVec s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
        if (accumulate)
        {
            s00 = TL.Load(c0); s01 = TL.Load(c0 + lanes); s02 = TL.Load(c0 + (2 * lanes)); s03 = TL.Load(c0 + (3 * lanes));
            s10 = TL.Load(c1); s11 = TL.Load(c1 + lanes); s12 = TL.Load(c1 + (2 * lanes)); s13 = TL.Load(c1 + (3 * lanes));
            s20 = TL.Load(c2); s21 = TL.Load(c2 + lanes); s22 = TL.Load(c2 + (2 * lanes)); s23 = TL.Load(c2 + (3 * lanes));
            s30 = TL.Load(c3); s31 = TL.Load(c3 + lanes); s32 = TL.Load(c3 + (2 * lanes)); s33 = TL.Load(c3 + (3 * lanes));
        }
        else
        {
            var zero = TL.Broadcast(0f);
            s00 = zero; s01 = zero; s02 = zero; s03 = zero;
            s10 = zero; s11 = zero; s12 = zero; s13 = zero;
            s20 = zero; s21 = zero; s22 = zero; s23 = zero;
            s30 = zero; s31 = zero; s32 = zero; s33 = zero;
        }

        float* row = b + j;
        for (int k = 0; k < inner; k++, row += columns)
        {
            var y0 = TL.Load(row);
            var y1 = TL.Load(row + lanes);
            var y2 = TL.Load(row + (2 * lanes));
            var y3 = TL.Load(row + (3 * lanes));
            var x = TL.Broadcast(a0[k]);
            s00 = TL.MultiplyAdd(x, y0, s00); s01 = TL.MultiplyAdd(x, y1, s01);
            s02 = TL.MultiplyAdd(x, y2, s02); s03 = TL.MultiplyAdd(x, y3, s03);
            x = TL.Broadcast(a1[k]);
            s10 = TL.MultiplyAdd(x, y0, s10); s11 = TL.MultiplyAdd(x, y1, s11);
            s12 = TL.MultiplyAdd(x, y2, s12); s13 = TL.MultiplyAdd(x, y3, s13);
            x = TL.Broadcast(a2[k]);
            s20 = TL.MultiplyAdd(x, y0, s20); s21 = TL.MultiplyAdd(x, y1, s21);
            s22 = TL.MultiplyAdd(x, y2, s22); s23 = TL.MultiplyAdd(x, y3, s23);
            x = TL.Broadcast(a3[k]);
            s30 = TL.MultiplyAdd(x, y0, s30); s31 = TL.MultiplyAdd(x, y1, s31);
            s32 = TL.MultiplyAdd(x, y2, s32); s33 = TL.MultiplyAdd(x, y3, s33);
        }

        TL.Store(s00, c0); TL.Store(s01, c0 + lanes); TL.Store(s02, c0 + (2 * lanes)); TL.Store(s03, c0 + (3 * lanes));
        TL.Store(s10, c1); TL.Store(s11, c1 + lanes); TL.Store(s12, c1 + (2 * lanes)); TL.Store(s13, c1 + (3 * lanes));
        TL.Store(s20, c2); TL.Store(s21, c2 + lanes); TL.Store(s22, c2 + (2 * lanes)); TL.Store(s23, c2 + (3 * lanes));
        TL.Store(s30, c3); TL.Store(s31, c3 + lanes); TL.Store(s32, c3 + (2 * lanes)); TL.Store(s33, c3 + (3 * lanes));
    }

    // Four events x one register of columns j .. j + lanes - 1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block1<TL, TVec>(float** a, int inner, float* b, int columns, int j, float** c, bool accumulate)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        float* a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
        float* c0 = c[0] + j, c1 = c[1] + j, c2 = c[2] + j, c3 = c[3] + j;
        TVec s0, s1, s2, s3;
        if (accumulate)
        {
            s0 = TL.Load(c0); s1 = TL.Load(c1); s2 = TL.Load(c2); s3 = TL.Load(c3);
        }
        else
        {
            s0 = TL.Broadcast(0f); s1 = s0; s2 = s0; s3 = s0;
        }

        float* row = b + j;
        for (int k = 0; k < inner; k++, row += columns)
        {
            var y = TL.Load(row);
            s0 = TL.MultiplyAdd(TL.Broadcast(a0[k]), y, s0);
            s1 = TL.MultiplyAdd(TL.Broadcast(a1[k]), y, s1);
            s2 = TL.MultiplyAdd(TL.Broadcast(a2[k]), y, s2);
            s3 = TL.MultiplyAdd(TL.Broadcast(a3[k]), y, s3);
        }

        TL.Store(s0, c0); TL.Store(s1, c1); TL.Store(s2, c2); TL.Store(s3, c3);
    }
}
