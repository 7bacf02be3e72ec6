namespace IceCube.Reco.Kernels;

/// <summary>
/// How a launch splits <see cref="Count"/> work items over <see cref="Workers"/> threads: worker w takes the
/// blocks w, w + Workers, w + 2 Workers, ... of <see cref="Span"/> consecutive items each. On the CPU accelerator
/// a launch has about one worker per core and one block each (few, fat threads); on CUDA the span is 1, which
/// makes the loop an ordinary grid-stride loop with coalesced accesses.
/// </summary>
internal readonly struct Chunking
{
    /// <summary>Creates a split of <paramref name="count"/> items.</summary>
    public Chunking(int count, int workers, int span)
    {
        Count = count;
        Workers = workers;
        Span = span;
    }

    /// <summary>Number of work items.</summary>
    public int Count { get; }

    /// <summary>Number of launched threads.</summary>
    public int Workers { get; }

    /// <summary>Number of consecutive items in one block.</summary>
    public int Span { get; }

    /// <summary>First item of block <paramref name="block"/>.</summary>
    public long Start(long block) => block * Span;

    /// <summary>One past the last item of block <paramref name="block"/>.</summary>
    public long End(long block)
    {
        long end = (block + 1) * Span;
        return end < Count ? end : Count;
    }
}
