namespace IceCube.Reco.Compute;

/// <summary>
/// The work of one <see cref="HostParallel.For{TBody}"/> call: a struct (so a call allocates nothing) whose
/// <see cref="Run"/> processes one fixed chunk. Chunks may run on any thread in any order, so a chunk writes only
/// its own outputs; reductions write one partial per chunk and combine the partials afterwards in chunk order.
/// </summary>
internal interface IParallelBody
{
    /// <summary>Processes chunk <paramref name="chunk"/> (0 .. chunks - 1).</summary>
    void Run(int chunk);
}
