namespace IceCube.Reco.Data;

/// <summary>Name and type of one column written by <see cref="ParquetTableWriter"/>.</summary>
/// <param name="Name">Column name as it appears in the file schema.</param>
/// <param name="Type">Stored type.</param>
internal readonly record struct ParquetColumnSpec(string Name, ParquetColumnType Type);
