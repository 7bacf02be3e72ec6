using System.Runtime.ExceptionServices;

namespace IceCube.Reco.Compute;

/// <summary>
/// Runs the fixed chunks of a host op on a small set of persistent worker threads. The caller decides the chunks from
/// the problem size alone, never from the thread count, and each chunk's arithmetic is the same whichever thread runs
/// it: results are bit-identical for every <see cref="ThreadCount"/>. A call allocates nothing after the first call
/// with a given body type. Calls from inside a body, or from a second thread while one is running, run their chunks
/// inline on the calling thread (same results, no deadlock).
/// </summary>
internal static class HostParallel
{
    private static readonly object Gate = new();
    private static readonly ManualResetEventSlim AllHelpersDone = new(false);
    private static Worker[] workers = [];
    private static int threadCount = Math.Max(1, Environment.ProcessorCount);
    private static Action<int>? job;
    private static int jobChunks;
    private static int nextChunk;
    private static int helpersPending;
    private static ExceptionDispatchInfo? failure;

    [ThreadStatic]
    private static bool insideBody;

    /// <summary>
    /// Threads that work on one call, the caller included: at least 1; by default the machine's logical processors.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public static int ThreadCount
    {
        get => threadCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(ThreadCount));
            threadCount = value;
        }
    }

    /// <summary>The number of chunks of <paramref name="chunkSize"/> items that cover <paramref name="items"/>.</summary>
    public static int ChunkCount(long items, long chunkSize) => (int)((items + chunkSize - 1) / chunkSize);

    /// <summary>Runs <c>body.Run(c)</c> for c = 0 .. <paramref name="chunks"/> - 1 and returns when all are done.</summary>
    /// <remarks>The first exception a chunk throws is rethrown as it was, after every thread has stopped.</remarks>
    public static void For<TBody>(int chunks, in TBody body)
        where TBody : struct, IParallelBody
    {
        int helpers = Math.Min(threadCount, chunks) - 1;
        if (helpers <= 0 || insideBody || !Monitor.TryEnter(Gate))
        {
            RunInline(chunks, body);
            return;
        }

        try
        {
            BodySlot<TBody>.Body = body;
            EnsureWorkers(helpers);
            job = BodySlot<TBody>.Invoke;
            jobChunks = chunks;
            nextChunk = 0;
            failure = null;
            helpersPending = helpers;
            AllHelpersDone.Reset();
            for (int w = 0; w < helpers; w++)
            {
                workers[w].Start.Release();
            }

            insideBody = true;
            try
            {
                RunChunks(BodySlot<TBody>.Invoke);
            }
            finally
            {
                insideBody = false;
            }

            AllHelpersDone.Wait();
            job = null;
            BodySlot<TBody>.Body = default;
            failure?.Throw();
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private static void RunInline<TBody>(int chunks, in TBody body)
        where TBody : struct, IParallelBody
    {
        bool wasInside = insideBody;
        insideBody = true;
        try
        {
            for (int c = 0; c < chunks; c++)
            {
                body.Run(c);
            }
        }
        finally
        {
            insideBody = wasInside;
        }
    }

    // Chunks are claimed one at a time, so a slow or descheduled thread delays the call by at most one chunk.
    private static void RunChunks(Action<int> work)
    {
        try
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref nextChunk) - 1) < jobChunks)
            {
                work(chunk);
            }
        }
        catch (Exception exception)
        {
            Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(exception), null);
            Volatile.Write(ref nextChunk, int.MaxValue / 2);
        }
    }

    private static void EnsureWorkers(int helpers)
    {
        if (workers.Length >= helpers)
        {
            return;
        }

        var grown = new Worker[helpers];
        Array.Copy(workers, grown, workers.Length);
        for (int w = workers.Length; w < helpers; w++)
        {
            grown[w] = new Worker(w);
        }

        workers = grown;
    }

    private static void HelperLoop(object? state)
    {
        var worker = (Worker)state!;
        insideBody = true;
        while (true)
        {
            worker.Start.Wait();
            RunChunks(job!);
            if (Interlocked.Decrement(ref helpersPending) == 0)
            {
                AllHelpersDone.Set();
            }
        }
    }

    // One background thread and its wake-up signal; the main thread wakes exactly the helpers it waits for.
    private sealed class Worker
    {
        public Worker(int index)
        {
            var thread = new Thread(HelperLoop) { IsBackground = true, Name = $"IceCube.Reco host worker {index}" };
            thread.Start(this);
        }

        public SemaphoreSlim Start { get; } = new(0);
    }

    // The body of the running call, reachable from the helpers through one cached delegate per body type.
    private static class BodySlot<TBody>
        where TBody : struct, IParallelBody
    {
        public static readonly Action<int> Invoke = chunk => Body.Run(chunk);

        public static TBody Body;
    }
}
