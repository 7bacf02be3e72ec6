using IceCube.Reco.Data;

namespace IceCube.Reco.Simulation;

/// <summary>
/// Simulates ranges of events on several threads in blocks and hands the blocks on in event order. A block's
/// events depend only on their indices, so the output is the same for any thread count.
/// </summary>
internal sealed class BlockRunner
{
    private readonly EventGenerator[] _generators;
    private readonly PulseBlock[] _blocks;
    private readonly int _threads;
    private readonly int _blockEvents;

    /// <summary>Prepares <paramref name="options"/>.Threads workers for blocks of <paramref name="blockEvents"/> events.</summary>
    public BlockRunner(SimulationOptions options, SensorGeometry geometry, int blockEvents)
    {
        var layout = new DetectorLayout(geometry);
        _threads = options.Threads;
        _blockEvents = blockEvents;
        _generators = new EventGenerator[_threads];
        _blocks = new PulseBlock[_threads];
        for (var i = 0; i < _threads; i++)
        {
            _generators[i] = new EventGenerator(layout, options);
        }
    }

    /// <summary>
    /// Simulates events [<paramref name="firstEvent"/>, <paramref name="firstEvent"/> + <paramref name="count"/>)
    /// and calls <paramref name="consume"/> with each block in order. With <paramref name="reuseBlocks"/> a block
    /// is refilled after its call returns (bounded memory for files); without it every block is new (for keeping).
    /// </summary>
    public void Run(long firstEvent, long count, bool reuseBlocks, Action<PulseBlock> consume, CancellationToken cancellationToken)
    {
        var blocks = (count + _blockEvents - 1) / _blockEvents;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = cancellationToken };
        for (long wave = 0; wave < blocks; wave += _threads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inWave = (int)Math.Min(_threads, blocks - wave);
            Parallel.For(0, inWave, parallel, j =>
            {
                var start = firstEvent + (wave + j) * _blockEvents;
                var end = Math.Min(firstEvent + count, start + _blockEvents);
                var block = reuseBlocks && _blocks[j] is { } existing ? existing : new PulseBlock(_blockEvents, _blockEvents * 128);
                block.Clear();
                _blocks[j] = block;
                for (var e = start; e < end; e++)
                {
                    _generators[j].Generate(e, block);
                }
            });

            for (var j = 0; j < inWave; j++)
            {
                consume(_blocks[j]);
            }
        }
    }
}
