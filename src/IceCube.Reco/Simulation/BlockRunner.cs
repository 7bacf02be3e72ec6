using IceCube.Reco.Data;

namespace IceCube.Reco.Simulation;

/// <summary>
/// Simulates ranges of events on several threads in blocks and hands the blocks on in event order. A block's
/// events depend only on their indices, so the output is the same for any thread count. Blocks are simulated in
/// waves of one block per thread; while a wave is simulated the previous one is handed on (for example written to
/// disk) on another thread, so writing overlaps simulating.
/// </summary>
internal sealed class BlockRunner
{
    private readonly EventGenerator[] _generators;
    private readonly PulseBlock?[] _blocks;
    private readonly int _threads;
    private readonly int _blockEvents;

    /// <summary>Prepares <paramref name="options"/>.Threads workers for blocks of <paramref name="blockEvents"/> events.</summary>
    public BlockRunner(SimulationOptions options, SensorGeometry geometry, int blockEvents)
    {
        var layout = new DetectorLayout(geometry);
        _threads = options.Threads;
        _blockEvents = blockEvents;
        _generators = new EventGenerator[_threads];
        // Two sets of blocks: one being filled, one being handed on.
        _blocks = new PulseBlock?[2 * _threads];
        for (var i = 0; i < _threads; i++)
        {
            _generators[i] = new EventGenerator(layout, options);
        }
    }

    /// <summary>
    /// Simulates events [<paramref name="firstEvent"/>, <paramref name="firstEvent"/> + <paramref name="count"/>)
    /// and calls <paramref name="consume"/> with each block in order, one call at a time. With
    /// <paramref name="reuseBlocks"/> a block is refilled once its call has returned (bounded memory for files);
    /// without it every block is new (for keeping).
    /// </summary>
    public void Run(long firstEvent, long count, bool reuseBlocks, Action<PulseBlock> consume, CancellationToken cancellationToken)
    {
        var blocks = (count + _blockEvents - 1) / _blockEvents;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = cancellationToken };
        Task handing = Task.CompletedTask;
        try
        {
            for (long wave = 0, parity = 0; wave < blocks; wave += _threads, parity ^= 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var inWave = (int)Math.Min(_threads, blocks - wave);
                var set = (int)parity * _threads;
                var waveStart = wave;
                Parallel.For(0, inWave, parallel, j =>
                {
                    var start = firstEvent + (waveStart + j) * _blockEvents;
                    var end = Math.Min(firstEvent + count, start + _blockEvents);
                    var block = reuseBlocks && _blocks[set + j] is { } existing ? existing : new PulseBlock(_blockEvents, _blockEvents * 128);
                    block.Clear();
                    _blocks[set + j] = block;
                    for (var e = start; e < end; e++)
                    {
                        _generators[j].Generate(e, block);
                    }
                });

                // The previous wave must be handed on before this one, and before its blocks are refilled.
                handing.GetAwaiter().GetResult();
                var ready = new PulseBlock[inWave];
                Array.Copy(_blocks, set, ready, 0, inWave);
                handing = Task.Run(() =>
                {
                    foreach (var block in ready)
                    {
                        consume(block);
                    }
                }, CancellationToken.None);
            }
        }
        catch
        {
            // A hand-off never outlives the call; the simulation's exception is the one reported.
            ((IAsyncResult)handing).AsyncWaitHandle.WaitOne();
            throw;
        }

        handing.GetAwaiter().GetResult();
    }
}
