using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace IceCube.Reco.Data;

/// <summary>
/// One pass of an <see cref="IceCubeDataGenerator"/>: a producer task loads batch files (prefetching the next
/// while featurising the current) and fills recycled mini-batches; the enumerator hands them out in order and
/// returns each to the pool when the consumer moves on. Errors in the producer surface from
/// <see cref="MoveNext"/> with their original type.
/// </summary>
internal sealed class GeneratorPass : IEnumerator<MiniBatch>
{
    private readonly IceCubeDataGenerator _generator;
    private readonly IReadOnlyList<BatchPlanEntry> _plan;
    private readonly EventFeaturizer _featurizer;
    private readonly int _seed;
    private readonly BlockingCollection<MiniBatch> _free = [];
    private readonly BlockingCollection<MiniBatch> _ready = [];
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task _producer;
    private MiniBatch? _current;
    private Exception? _error;
    private bool _disposed;

    public GeneratorPass(IceCubeDataGenerator generator, IReadOnlyList<BatchPlanEntry> plan, EventFeaturizer featurizer, int seed)
    {
        _generator = generator;
        _plan = plan;
        _featurizer = featurizer;
        _seed = seed;
        foreach (var miniBatch in generator.MiniBatches())
        {
            _free.Add(miniBatch);
        }

        _producer = Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public MiniBatch Current => _current ?? throw new InvalidOperationException("The pass has not started or has ended.");

    object IEnumerator.Current => Current;

    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_current is not null)
        {
            _free.Add(_current);
            _current = null;
        }

        if (_ready.TryTake(out var next, Timeout.Infinite))
        {
            _current = next;
            return true;
        }

        if (_error is not null)
        {
            ExceptionDispatchInfo.Capture(_error).Throw();
        }

        return false;
    }

    public void Reset() => throw new NotSupportedException("Start a new pass with GetEnumerator instead.");

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _cancel.Cancel();
        try
        {
            _producer.Wait();
        }
        catch (AggregateException)
        {
            // The producer records its own errors; a cancelled wait has nothing to add.
        }

        _cancel.Dispose();
        _free.Dispose();
        _ready.Dispose();
        _current = null;
        _generator.PassEnded();
    }

    private void Produce()
    {
        var loader = _generator.Dataset.RentLoader();
        Task? pending = null;
        try
        {
            var split = _generator.Split;
            var root = _generator.Dataset.Root;
            var index = _generator.Dataset.Index(split);
            var meta = loader.MetaReaderFor(KaggleLayout.MetaPath(root, split), withTargets: split == KaggleSplit.Train);
            var random = new Random(_seed);
            var order = _plan.ToArray();
            if (_generator.Shuffles)
            {
                random.Shuffle(order);
            }

            var sensorCount = _featurizer.SensorCount;
            void Load(BatchPlanEntry entry, int slot)
            {
                meta.ReadBatch(index, entry.BatchId, loader.Events[slot]);
                var path = KaggleLayout.BatchPath(root, split, entry.BatchId);
                loader.PulseReader.Read(path, entry.BatchId, sensorCount, loader.Pulses[slot]);
            }

            var miniBatch = TakeFree();
            for (var j = 0; j < order.Length; j++)
            {
                var slot = j % 2;
                if (pending is null)
                {
                    Load(order[j], slot);
                }
                else
                {
                    pending.GetAwaiter().GetResult();
                    pending = null;
                }

                if (j + 1 < order.Length)
                {
                    var next = order[j + 1];
                    pending = Task.Run(() => Load(next, 1 - slot));
                }

                miniBatch = Featurize(loader, slot, order[j].MaxEvents, random, miniBatch);
            }

            if (miniBatch.Count > 0)
            {
                _ready.Add(miniBatch);
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            _error = error;
        }
        finally
        {
            try
            {
                pending?.Wait();
            }
            catch (AggregateException)
            {
                // Only reachable after another error or a cancel, which is what gets reported.
            }

            _generator.Dataset.ReturnLoader(loader);
            _ready.CompleteAdding();
        }
    }

    // Featurises the chosen events of one loaded file into mini-batches, publishing each one that fills up.
    private MiniBatch Featurize(BatchLoader loader, int slot, long maxEvents, Random random, MiniBatch miniBatch)
    {
        var events = loader.Events[slot];
        var pulses = loader.Pulses[slot];
        var selected = loader.Selected;
        selected.Clear();
        var eventIds = events.EventId;
        for (var i = 0; i < eventIds.Length && selected.Count < maxEvents; i++)
        {
            if (_generator.Includes(eventIds[i]))
            {
                selected.Add(i);
            }
        }

        if (_generator.Shuffles)
        {
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(selected));
        }

        var truth = _generator.Truth;
        foreach (var i in selected)
        {
            var eventId = eventIds[i];
            var eventPulses = pulses.GetEvent(eventId, events.FirstPulse[i], events.LastPulse[i]);
            double azimuth = 0, zenith = 0;
            if (events.HasTargets)
            {
                azimuth = events.Azimuth[i];
                zenith = events.Zenith[i];
            }
            else if (truth is not null && !truth.TryGetAngles(eventId, out azimuth, out zenith))
            {
                throw new InvalidDataException(
                    $"{truth.Source}: no row for test event {eventId} of batch {events.BatchId}; the truth must " +
                    "cover every event of the test meta.");
            }

            var row = miniBatch.Count;
            var block = miniBatch.Append(eventId, azimuth, zenith);
            miniBatch.SetLength(row, _featurizer.Featurize(eventPulses, block));
            if (miniBatch.IsFull)
            {
                _ready.Add(miniBatch);
                miniBatch = TakeFree();
            }
        }

        return miniBatch;
    }

    private MiniBatch TakeFree()
    {
        var miniBatch = _free.Take(_cancel.Token);
        miniBatch.Clear();
        return miniBatch;
    }
}
