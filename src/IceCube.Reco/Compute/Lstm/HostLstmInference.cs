using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// The LSTM forward pass for inference on the host, input projection fused into the recurrence: per step, a block of
/// <see cref="Rows"/> events of one direction computes z = bias + x_t W + h_prev U for one register of units of all
/// four gates at once (a 4-event x 4-gate register tile), applies the gate nonlinearities (staged through 16
/// registers' worth of stack, still in L1) and writes only c (into a per-block row of scratch) and h (into the
/// output). Nothing is kept for a backward pass, so the working set is W, U, the block's x and h rows and its cells:
/// a few KiB at the notebook shape, instead of the training forward's gates [D, B, L, 4H] written by a GEMM and
/// re-read by the recurrence.
/// </summary>
/// <remarks>
/// Blocks are fixed by the batch alone and are independent recurrences, so the result does not depend on the thread
/// count. Every z element is one chain of fused multiply-adds from the bias over x then h in index order, and the
/// activations are element-wise IEEE formulas, so every register width gives the same bits. Against the training
/// forward (<see cref="HostLstm.Forward"/> after a GEMM) the summation order of x W + bias differs, and the gates use
/// the cheaper one-division sigmoid and tanh (<see cref="HostLstmActivations.SigmoidOneDivision{TL, TVec}"/>,
/// <see cref="HostLstmActivations.TanhOneDivision{TL, TVec}"/>: at the notebook shape the nonlinearities are about a
/// third of the multiply-add port's work): the outputs agree to a few 1e-7, not bit for bit.
/// </remarks>
internal static unsafe class HostLstmInference
{
    /// <summary>Events one block carries through the steps in lockstep.</summary>
    public const int Rows = 4;

    /// <summary>Blocks of one call: per direction, one per group of <see cref="Rows"/> events.</summary>
    public static int Blocks(int directions, int batch) => directions * ((batch + Rows - 1) / Rows);

    /// <summary>
    /// Floats of scratch a call needs: a zero row of max(Cin, H) (the x and h_prev of block rows without an event at
    /// a step), then per block the cells of its events and one row each for the cell and output of those empty rows.
    /// </summary>
    public static long ScratchLength(int directions, int batch, int inputs, int hidden) =>
        Math.Max(inputs, hidden) + ((long)Blocks(directions, batch) * (Rows + 2) * hidden);

    /// <summary>
    /// Writes h of every event and direction into <paramref name="output"/> [B', L, D * H] from
    /// <paramref name="input"/> [B', L, Cin], 0 at padded steps (see <see cref="LstmOps.Inference"/>).
    /// <paramref name="scratch"/> holds <see cref="ScratchLength"/> floats.
    /// </summary>
    public static void Run(
        in LstmShape shape, int inputs, float* lengths, float* input, float* output, float* forwardKernel,
        float* forwardRecurrent, float* forwardBias, float* reverseKernel, float* reverseRecurrent, float* reverseBias,
        float* scratch, SimdWidth width)
    {
        new Span<float>(scratch, Math.Max(inputs, shape.Hidden)).Clear();
        var body = new HostLstmInferenceBody(
            shape, inputs, lengths, input, output, forwardKernel, forwardRecurrent, forwardBias, reverseKernel,
            reverseRecurrent, reverseBias, scratch, width);
        HostParallel.For(Blocks(shape.Directions, shape.Batch), body);
    }

    /// <summary>Runs block <paramref name="block"/> of <paramref name="op"/> with registers of its width.</summary>
    public static void Block(in HostLstmInferenceBody op, int block)
    {
        switch (op.Width)
        {
            case SimdWidth.V512:
                Block<HostLstmLanes512, Vector512<float>>(op, block);
                break;
            case SimdWidth.V256:
                Block<HostLstmLanes256, Vector256<float>>(op, block);
                break;
            case SimdWidth.V128:
                Block<HostLstmLanes128, Vector128<float>>(op, block);
                break;
            default:
                Block<HostLstmLanesScalar, float>(op, block);
                break;
        }
    }

    private static void Block<TL, TVec>(in HostLstmInferenceBody op, int block)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        var s = op.Shape;
        int groups = (s.Batch + Rows - 1) / Rows;
        int direction = block / groups;
        int first = (block % groups) * Rows;
        int hidden = s.Hidden;
        int inputs = op.Inputs;
        float* w = direction == 0 ? op.ForwardKernel : op.ReverseKernel;
        float* u = direction == 0 ? op.ForwardRecurrent : op.ReverseRecurrent;
        float* bias = direction == 0 ? op.ForwardBias : op.ReverseBias;
        float* zeros = op.Scratch;
        float* blockCells = op.Scratch + Math.Max(inputs, hidden) + ((long)block * (Rows + 2) * hidden);
        float* spareCell = blockCells + (Rows * hidden);
        float* spareOutput = spareCell + hidden;
        new Span<float>(blockCells, (Rows + 2) * hidden).Clear();

        int events = Math.Min(Rows, s.Batch - first);
        int* lengthOf = stackalloc int[Rows];
        int longest = 0;
        for (int e = 0; e < events; e++)
        {
            lengthOf[e] = LstmKernels.EventLength(op.Lengths[first + e], s.Steps);
            longest = Math.Max(longest, lengthOf[e]);
        }

        float** x = stackalloc float*[Rows];
        float** h = stackalloc float*[Rows];
        float** c = stackalloc float*[Rows];
        float** y = stackalloc float*[Rows];
        float* z = stackalloc float[Rows * 4 * TL.Count];
        for (int step = 0; step < longest; step++)
        {
            for (int e = 0; e < Rows; e++)
            {
                if (e < events && step < lengthOf[e])
                {
                    int b = first + e;
                    int t = direction == 0 ? step : lengthOf[e] - 1 - step;
                    x[e] = op.Input + ((((long)b * s.Steps) + t) * inputs);
                    h[e] = step == 0 ? zeros : op.Output + OutputRow(s, direction, b, direction == 0 ? t - 1 : t + 1);
                    c[e] = blockCells + (e * hidden);
                    y[e] = op.Output + OutputRow(s, direction, b, t);
                }
                else
                {
                    // No event here at this step: zeros in, results into the spare rows.
                    x[e] = zeros;
                    h[e] = zeros;
                    c[e] = spareCell;
                    y[e] = spareOutput;
                }
            }

            // h_prev = 0 at the first step: the training forward adds no h U there either.
            bool recurrent = step > 0;
            int k = 0;
            for (; k + TL.Count <= hidden; k += TL.Count)
            {
                Tile<TL, TVec>(x, inputs, h, hidden, w, u, bias, c, y, k, recurrent, z);
            }

            for (; k < hidden; k++)
            {
                Tile<HostLstmLanesScalar, float>(x, inputs, h, hidden, w, u, bias, c, y, k, recurrent, z);
            }
        }

        for (int e = 0; e < events; e++)
        {
            for (int t = lengthOf[e]; t < s.Steps; t++)
            {
                new Span<float>(op.Output + OutputRow(s, direction, first + e, t), hidden).Clear();
            }
        }
    }

    // Units k .. k + lanes - 1 of the four rows at one step: z of gates i, f, g, o in 16 registers, then c and h.
    // z is room for 16 registers.
    private static void Tile<TL, TVec>(
        float** x, int inputs, float** h, int hidden, float* w, float* u, float* bias, float** c, float** y, int k,
        bool recurrent, float* z)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        int g1 = hidden, g2 = 2 * hidden, g3 = 3 * hidden, width = 4 * hidden;
        var bi = TL.Load(bias + k);
        var bf = TL.Load(bias + g1 + k);
        var bg = TL.Load(bias + g2 + k);
        var bo = TL.Load(bias + g3 + k);
        TVec i0 = bi, f0 = bf, c0 = bg, o0 = bo;
        TVec i1 = bi, f1 = bf, c1 = bg, o1 = bo;
        TVec i2 = bi, f2 = bf, c2 = bg, o2 = bo;
        TVec i3 = bi, f3 = bf, c3 = bg, o3 = bo;

        float* a0 = x[0], a1 = x[1], a2 = x[2], a3 = x[3];
        float* row = w + k;
        for (int q = 0; q < inputs; q++, row += width)
        {
            var wi = TL.Load(row);
            var wf = TL.Load(row + g1);
            var wg = TL.Load(row + g2);
            var wo = TL.Load(row + g3);
            var v = TL.Broadcast(a0[q]);
            i0 = TL.MultiplyAdd(v, wi, i0); f0 = TL.MultiplyAdd(v, wf, f0);
            c0 = TL.MultiplyAdd(v, wg, c0); o0 = TL.MultiplyAdd(v, wo, o0);
            v = TL.Broadcast(a1[q]);
            i1 = TL.MultiplyAdd(v, wi, i1); f1 = TL.MultiplyAdd(v, wf, f1);
            c1 = TL.MultiplyAdd(v, wg, c1); o1 = TL.MultiplyAdd(v, wo, o1);
            v = TL.Broadcast(a2[q]);
            i2 = TL.MultiplyAdd(v, wi, i2); f2 = TL.MultiplyAdd(v, wf, f2);
            c2 = TL.MultiplyAdd(v, wg, c2); o2 = TL.MultiplyAdd(v, wo, o2);
            v = TL.Broadcast(a3[q]);
            i3 = TL.MultiplyAdd(v, wi, i3); f3 = TL.MultiplyAdd(v, wf, f3);
            c3 = TL.MultiplyAdd(v, wg, c3); o3 = TL.MultiplyAdd(v, wo, o3);
        }

        if (recurrent)
        {
            a0 = h[0]; a1 = h[1]; a2 = h[2]; a3 = h[3];
            row = u + k;
            for (int q = 0; q < hidden; q++, row += width)
            {
                var ui = TL.Load(row);
                var uf = TL.Load(row + g1);
                var ug = TL.Load(row + g2);
                var uo = TL.Load(row + g3);
                var v = TL.Broadcast(a0[q]);
                i0 = TL.MultiplyAdd(v, ui, i0); f0 = TL.MultiplyAdd(v, uf, f0);
                c0 = TL.MultiplyAdd(v, ug, c0); o0 = TL.MultiplyAdd(v, uo, o0);
                v = TL.Broadcast(a1[q]);
                i1 = TL.MultiplyAdd(v, ui, i1); f1 = TL.MultiplyAdd(v, uf, f1);
                c1 = TL.MultiplyAdd(v, ug, c1); o1 = TL.MultiplyAdd(v, uo, o1);
                v = TL.Broadcast(a2[q]);
                i2 = TL.MultiplyAdd(v, ui, i2); f2 = TL.MultiplyAdd(v, uf, f2);
                c2 = TL.MultiplyAdd(v, ug, c2); o2 = TL.MultiplyAdd(v, uo, o2);
                v = TL.Broadcast(a3[q]);
                i3 = TL.MultiplyAdd(v, ui, i3); f3 = TL.MultiplyAdd(v, uf, f3);
                c3 = TL.MultiplyAdd(v, ug, c3); o3 = TL.MultiplyAdd(v, uo, o3);
            }
        }

        // Through memory, not as arguments: the accumulators must not be live across a call, or the JIT keeps
        // them on the stack inside the loops above.
        int lanes = TL.Count;
        TL.Store(i0, z); TL.Store(f0, z + lanes); TL.Store(c0, z + (2 * lanes)); TL.Store(o0, z + (3 * lanes));
        TL.Store(i1, z + (4 * lanes)); TL.Store(f1, z + (5 * lanes)); TL.Store(c1, z + (6 * lanes)); TL.Store(o1, z + (7 * lanes));
        TL.Store(i2, z + (8 * lanes)); TL.Store(f2, z + (9 * lanes)); TL.Store(c2, z + (10 * lanes)); TL.Store(o2, z + (11 * lanes));
        TL.Store(i3, z + (12 * lanes)); TL.Store(f3, z + (13 * lanes)); TL.Store(c3, z + (14 * lanes)); TL.Store(o3, z + (15 * lanes));
        Finish<TL, TVec>(z, c, y, k);
    }

    // The gate nonlinearities and state update of the four rows from z [row][gate i, f, g, o][lanes]: c = f c_prev
    // + i g into the cell rows, h = o tanh c into the output rows, units k .. k + lanes - 1.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Finish<TL, TVec>(float* z, float** c, float** y, int k)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        int lanes = TL.Count;
        for (int e = 0; e < Rows; e++, z += 4 * lanes)
        {
            var i = HostLstmActivations.SigmoidOneDivision<TL, TVec>(TL.Load(z));
            var f = HostLstmActivations.SigmoidOneDivision<TL, TVec>(TL.Load(z + lanes));
            var g = HostLstmActivations.TanhOneDivision<TL, TVec>(TL.Load(z + (2 * lanes)));
            var o = HostLstmActivations.SigmoidOneDivision<TL, TVec>(TL.Load(z + (3 * lanes)));
            float* cell = c[e] + k;
            var state = TL.Add(TL.Multiply(f, TL.Load(cell)), TL.Multiply(i, g));
            TL.Store(state, cell);
            TL.Store(TL.Multiply(o, HostLstmActivations.TanhOneDivision<TL, TVec>(state)), y[e] + k);
        }
    }

    private static long OutputRow(in LstmShape s, int direction, int b, int t) =>
        ((((long)b * s.Steps) + t) * s.Directions * s.Hidden) + ((long)direction * s.Hidden);
}
