using IceCube.Reco.Compute;

namespace IceCube.Reco.Tests.Compute;

/// <summary>The host worker pool: every chunk exactly once, errors surface, nested calls do not deadlock.</summary>
[TestFixture]
public sealed class HostParallelTests
{
    [TearDown]
    public void RestoreThreads() => HostParallel.ThreadCount = Environment.ProcessorCount;

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(5)]
    public void EveryChunkRunsExactlyOnce(int threads)
    {
        HostParallel.ThreadCount = threads;
        foreach (int chunks in new[] { 0, 1, 2, 7, 1000 })
        {
            var counts = new int[Math.Max(chunks, 1)];
            HostParallel.For(chunks, new CountingBody(counts));
            Assert.That(counts.Take(chunks), Is.All.EqualTo(1), $"threads={threads} chunks={chunks}");
        }
    }

    [Test]
    public void AnExceptionInAChunkReachesTheCallerAndThePoolStaysUsable()
    {
        HostParallel.ThreadCount = 2;
        Assert.That(
            () => HostParallel.For(64, new ThrowingBody(37)),
            Throws.InvalidOperationException.With.Message.EqualTo("chunk 37"));
        var counts = new int[50];
        HostParallel.For(50, new CountingBody(counts));
        Assert.That(counts, Is.All.EqualTo(1));
    }

    [Test]
    public void NestedCallsRunInline()
    {
        HostParallel.ThreadCount = 2;
        var counts = new int[8 * 8];
        HostParallel.For(8, new NestingBody(counts));
        Assert.That(counts, Is.All.EqualTo(1));
    }

    [Test]
    public void ChunkCountCoversTheItems()
    {
        Assert.That(HostParallel.ChunkCount(0, 16), Is.EqualTo(0));
        Assert.That(HostParallel.ChunkCount(16, 16), Is.EqualTo(1));
        Assert.That(HostParallel.ChunkCount(17, 16), Is.EqualTo(2));
        Assert.That(() => HostParallel.ThreadCount = 0, Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private readonly struct CountingBody(int[] counts) : IParallelBody
    {
        public void Run(int chunk) => Interlocked.Increment(ref counts[chunk]);
    }

    private readonly struct ThrowingBody(int bad) : IParallelBody
    {
        public void Run(int chunk)
        {
            if (chunk == bad)
            {
                throw new InvalidOperationException($"chunk {chunk}");
            }
        }
    }

    private readonly struct NestingBody(int[] counts) : IParallelBody
    {
        public void Run(int chunk) => HostParallel.For(8, new OffsetBody(counts, chunk * 8));
    }

    private readonly struct OffsetBody(int[] counts, int offset) : IParallelBody
    {
        public void Run(int chunk) => Interlocked.Increment(ref counts[offset + chunk]);
    }
}
