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
    public static void Activate<TL, TVec>(float* gates, float* previousCell, float* cell, float* hidden, int units)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        int k = 0;
        for (; k + TL.Count <= units; k += TL.Count)
        {
            ActivateLanes<TL, TVec>(gates, previousCell, cell, hidden, units, k);
        }

        for (; k < units; k++)
        {
            ActivateLanes<HostLstmLanesScalar, float>(gates, previousCell, cell, hidden, units, k);
        }
    }

    /// <summary>
    /// dz of one event at one step: from its activated gates, c, c_prev (null: 0), dL/dh_t <paramref name="outputGradient"/>
    /// and the carried dh, dc from the step processed after it. Writes dz into <paramref name="gateGradient"/> and the
    /// new dc (dc_t f) into <paramref name="cellCarry"/>; dh is left for the caller's dz U^T product.
    /// </summary>
    public static void Gradient<TL, TVec>(
        float* gates, float* previousCell, float* cell, float* outputGradient, float* hiddenCarry, float* cellCarry,
        float* gateGradient, int units)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        int k = 0;
        for (; k + TL.Count <= units; k += TL.Count)
        {
            GradientLanes<TL, TVec>(
                gates, previousCell, cell, outputGradient, hiddenCarry, cellCarry, gateGradient, units, k);
        }

        for (; k < units; k++)
        {
            GradientLanes<HostLstmLanesScalar, float>(
                gates, previousCell, cell, outputGradient, hiddenCarry, cellCarry, gateGradient, units, k);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ActivateLanes<TL, TVec>(
        float* gates, float* previousCell, float* cell, float* hidden, int units, int k)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        float* zi = gates + k;
        float* zf = zi + units;
        float* zg = zf + units;
        float* zo = zg + units;
        var i = HostLstmActivations.Sigmoid<TL, TVec>(TL.Load(zi));
        var f = HostLstmActivations.Sigmoid<TL, TVec>(TL.Load(zf));
        var g = HostLstmActivations.Tanh<TL, TVec>(TL.Load(zg));
        var o = HostLstmActivations.Sigmoid<TL, TVec>(TL.Load(zo));
        var ig = TL.Multiply(i, g);
        var c = previousCell == null ? ig : TL.Add(TL.Multiply(f, TL.Load(previousCell + k)), ig);
        TL.Store(i, zi);
        TL.Store(f, zf);
        TL.Store(g, zg);
        TL.Store(o, zo);
        TL.Store(c, cell + k);
        TL.Store(TL.Multiply(o, HostLstmActivations.Tanh<TL, TVec>(c)), hidden + k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GradientLanes<TL, TVec>(
        float* gates, float* previousCell, float* cell, float* outputGradient, float* hiddenCarry, float* cellCarry,
        float* gateGradient, int units, int k)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        var one = TL.Broadcast(1f);
        var i = TL.Load(gates + k);
        var f = TL.Load(gates + units + k);
        var g = TL.Load(gates + (2 * units) + k);
        var o = TL.Load(gates + (3 * units) + k);
        var cPrevious = previousCell == null ? TL.Broadcast(0f) : TL.Load(previousCell + k);
        var tanhC = HostLstmActivations.Tanh<TL, TVec>(TL.Load(cell + k));

        // h_t feeds the output at t and the next processed step; h = o tanh(c) splits it between o and c, and c also
        // reaches the next step's c through f.
        var dh = TL.Add(TL.Load(outputGradient + k), TL.Load(hiddenCarry + k));
        var dc = TL.Add(
            TL.Load(cellCarry + k),
            TL.Multiply(TL.Multiply(dh, o), TL.Subtract(one, TL.Multiply(tanhC, tanhC))));

        // c = f c_prev + i g, then each gate's nonlinearity: sigmoid' = s (1 - s), tanh' = 1 - tanh^2.
        float* dz = gateGradient + k;
        TL.Store(TL.Multiply(TL.Multiply(TL.Multiply(dc, g), i), TL.Subtract(one, i)), dz);
        TL.Store(TL.Multiply(TL.Multiply(TL.Multiply(dc, cPrevious), f), TL.Subtract(one, f)), dz + units);
        TL.Store(TL.Multiply(TL.Multiply(dc, i), TL.Subtract(one, TL.Multiply(g, g))), dz + (2 * units));
        TL.Store(TL.Multiply(TL.Multiply(TL.Multiply(dh, tanhC), o), TL.Subtract(one, o)), dz + (3 * units));
        TL.Store(TL.Multiply(dc, f), cellCarry + k);
    }
}
