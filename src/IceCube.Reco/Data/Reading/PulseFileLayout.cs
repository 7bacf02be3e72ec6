namespace IceCube.Reco.Data;

/// <summary>What every reading thread needs to know about one batch file, found once before they start.</summary>
/// <param name="Path">Path of the file, for opening and for error messages.</param>
/// <param name="SensorCount">Sensors in the geometry; sensor ids must be below it.</param>
/// <param name="RowGroupOffsets">First row of each row group, then the row count.</param>
/// <param name="ColumnIndex">Schema index of each <see cref="PulseColumn"/>.</param>
internal sealed record PulseFileLayout(string Path, int SensorCount, int[] RowGroupOffsets, int[] ColumnIndex);
