using System.Runtime.CompilerServices;

namespace IceCube.Reco.Compute;

/// <summary>
/// The element-wise part of one LSTM step for one event, vectorised along the H units (gate blocks i, f, g, o of H
/// floats each in a gate row): the forward gate nonlinearities and state update, and the backward gate gradients.
/// The same formulas as the ILGPU kernels (LstmKernels), in the same order of operations.
/// </summary>
internal static unsafe class HostLstmSteps
{
    /// <summary>
    /// Activates the gate row <paramref name="gates"/> in place (i, f, o by the sigmoid, g by tanh), writes
    /// c = f c_prev + i g into <paramref name="cell"/> and h = o tanh c into <paramref name="hidden"/>.
    /// <paramref name="previousCell"/> null means c_prev = 0 (an event's first step).
    /// </summary>
    public static void Activate<TVec>(float* gates, float* previousCell, float* cell, float* hidden, int units)
        where TVec : struct, IFloatVector<TVec>
    {
        int k = ActivateVectors<TVec>(gates, previousCell, cell, hidden, units, 0);
        if (k < units)
        {
            ActivateVectors<FloatX1>(gates, previousCell, cell, hidden, units, k);
        }
    }

    /// <summary>
    /// dz of one event at one step: from its activated gates, c, c_prev (null: 0), dL/dh_t <paramref name="outputGradient"/>
    /// and the carried dh, dc from the step processed after it. Writes dz into <paramref name="gateGradient"/> and the
    /// new dc (dc_t f) into <paramref name="cellCarry"/>; dh is left for the caller's dz U^T product.
    /// </summary>
    public static void Gradient<TVec>(
        float* gates, float* previousCell, float* cell, float* outputGradient, float* hiddenCarry, float* cellCarry,
        float* gateGradient, int units)
        where TVec : struct, IFloatVector<TVec>
    {
        int k = GradientVectors<TVec>(
            gates, previousCell, cell, outputGradient, hiddenCarry, cellCarry, gateGradient, units, 0);
        if (k < units)
        {
            GradientVectors<FloatX1>(
                gates, previousCell, cell, outputGradient, hiddenCarry, cellCarry, gateGradient, units, k);
        }
    }

    // Units k, k + Count, ... while whole vectors fit; returns the first unit left for the next width. One compiled
    // body per width (not inlined into Activate): the JIT's inlining budget then covers every sigmoid and tanh of
    // the body, where one body for a vector and the scalar tail leaves some of them calls.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ActivateVectors<TVec>(
        float* gates, float* previousCell, float* cell, float* hidden, int units, int k)
        where TVec : struct, IFloatVector<TVec>
    {
        for (; k + TVec.Count <= units; k += TVec.Count)
        {
            ActivateLanes<TVec>(gates, previousCell, cell, hidden, units, k);
        }

        return k;
    }

    // As ActivateVectors, for the gradient.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int GradientVectors<TVec>(
        float* gates, float* previousCell, float* cell, float* outputGradient, float* hiddenCarry, float* cellCarry,
        float* gateGradient, int units, int k)
        where TVec : struct, IFloatVector<TVec>
    {
        for (; k + TVec.Count <= units; k += TVec.Count)
        {
            GradientLanes<TVec>(
                gates, previousCell, cell, outputGradient, hiddenCarry, cellCarry, gateGradient, units, k);
        }

        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ActivateLanes<TVec>(
        float* gates, float* previousCell, float* cell, float* hidden, int units, int k)
        where TVec : struct, IFloatVector<TVec>
    {
        float* zi = gates + k;
        float* zf = zi + units;
        float* zg = zf + units;
        float* zo = zg + units;
        var i = HostLstmActivations.Sigmoid<TVec>(TVec.Load(zi));
        var f = HostLstmActivations.Sigmoid<TVec>(TVec.Load(zf));
        var g = HostLstmActivations.Tanh<TVec>(TVec.Load(zg));
        var o = HostLstmActivations.Sigmoid<TVec>(TVec.Load(zo));
        var ig = TVec.Multiply(i, g);
        var c = previousCell == null ? ig : TVec.Add(TVec.Multiply(f, TVec.Load(previousCell + k)), ig);
        TVec.Store(i, zi);
        TVec.Store(f, zf);
        TVec.Store(g, zg);
        TVec.Store(o, zo);
        TVec.Store(c, cell + k);
        TVec.Store(TVec.Multiply(o, HostLstmActivations.Tanh<TVec>(c)), hidden + k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GradientLanes<TVec>(
        float* gates, float* previousCell, float* cell, float* outputGradient, float* hiddenCarry, float* cellCarry,
        float* gateGradient, int units, int k)
        where TVec : struct, IFloatVector<TVec>
    {
        var one = TVec.Create(1f);
        var i = TVec.Load(gates + k);
        var f = TVec.Load(gates + units + k);
        var g = TVec.Load(gates + (2 * units) + k);
        var o = TVec.Load(gates + (3 * units) + k);
        var cPrevious = previousCell == null ? TVec.Zero : TVec.Load(previousCell + k);
        var tanhC = HostLstmActivations.Tanh<TVec>(TVec.Load(cell + k));

        // h_t feeds the output at t and the next processed step; h = o tanh(c) splits it between o and c, and c also
        // reaches the next step's c through f.
        var dh = TVec.Add(TVec.Load(outputGradient + k), TVec.Load(hiddenCarry + k));
        var dc = TVec.Add(
            TVec.Load(cellCarry + k),
            TVec.Multiply(TVec.Multiply(dh, o), TVec.Subtract(one, TVec.Multiply(tanhC, tanhC))));

        // c = f c_prev + i g, then each gate's nonlinearity: sigmoid' = s (1 - s), tanh' = 1 - tanh^2.
        float* dz = gateGradient + k;
        TVec.Store(TVec.Multiply(TVec.Multiply(TVec.Multiply(dc, g), i), TVec.Subtract(one, i)), dz);
        TVec.Store(TVec.Multiply(TVec.Multiply(TVec.Multiply(dc, cPrevious), f), TVec.Subtract(one, f)), dz + units);
        TVec.Store(TVec.Multiply(TVec.Multiply(dc, i), TVec.Subtract(one, TVec.Multiply(g, g))), dz + (2 * units));
        TVec.Store(TVec.Multiply(TVec.Multiply(TVec.Multiply(dh, tanhC), o), TVec.Subtract(one, o)), dz + (3 * units));
        TVec.Store(TVec.Multiply(dc, f), cellCarry + k);
    }
}
