namespace IceCube.Reco.Data;

/// <summary>Rows [Start, End) of one row group of a meta file that hold a given batch (and maybe others).</summary>
/// <param name="RowGroup">Row group index.</param>
/// <param name="Start">First row inside the row group.</param>
/// <param name="End">One past the last row inside the row group.</param>
internal readonly record struct MetaRowRange(int RowGroup, long Start, long End);
