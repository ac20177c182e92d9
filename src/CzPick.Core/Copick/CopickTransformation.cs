namespace CzPick.Core.Copick;

/// <summary>
/// The 4×4 affine matrix of a copick point (its <c>transformation_</c>), row-major, from the object's frame to the
/// tomogram's. copick requires the last row to be [0, 0, 0, 1]. CzPick writes the identity (it does not estimate
/// orientations) and keeps whatever a file read from elsewhere holds.
/// </summary>
public sealed class CopickTransformation : IEquatable<CopickTransformation>
{
    const int Size = 4;

    readonly double[] elements;

    CopickTransformation(double[] elements)
    {
        this.elements = elements;
    }

    /// <summary>Gets the identity, which copick uses when a point carries no transformation.</summary>
    public static CopickTransformation Identity { get; } = new([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

    /// <summary>Gets a value indicating whether this is the identity.</summary>
    public bool IsIdentity => this.Equals(Identity);

    /// <summary>Gets one element.</summary>
    /// <param name="row">The row, 0–3.</param>
    /// <param name="column">The column, 0–3.</param>
    /// <returns>The element.</returns>
    public double this[int row, int column]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Size, nameof(row));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)column, (uint)Size, nameof(column));
            return this.elements[(row * Size) + column];
        }
    }

    /// <summary>Says what is wrong with a matrix as a copick transformation, if anything.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>Null when copick accepts the matrix; otherwise the problem.</returns>
    public static string? ProblemWith(IReadOnlyList<IReadOnlyList<double>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count != Size || rows.Any(row => row is null || row.Count != Size))
        {
            return $"a copick transformation is a 4×4 matrix; got {rows.Count} rows of {string.Join("/", rows.Select(r => r?.Count ?? 0))} values.";
        }

        if (rows.Any(row => row.Any(e => !double.IsFinite(e))))
        {
            return "a copick transformation holds only finite numbers.";
        }

        // copick asserts arr[3, 3] == 1 exactly and np.allclose(arr[3, :], [0, 0, 0, 1]), whose absolute tolerance is 1e-8.
        IReadOnlyList<double> last = rows[3];
        return last[3] != 1 || Math.Abs(last[0]) > 1e-8 || Math.Abs(last[1]) > 1e-8 || Math.Abs(last[2]) > 1e-8
            ? $"the last row of a copick transformation must be [0, 0, 0, 1]; got [{string.Join(", ", last)}]."
            : null;
    }

    /// <summary>Creates a transformation from its rows, checked as copick checks them.</summary>
    /// <param name="rows">Four rows of four finite numbers; the last row must be [0, 0, 0, 1].</param>
    /// <returns>The transformation.</returns>
    /// <exception cref="ArgumentException">The rows are not a valid copick transformation; the message says why.</exception>
    public static CopickTransformation FromRows(IReadOnlyList<IReadOnlyList<double>> rows) =>
        ProblemWith(rows) is string problem
            ? throw new ArgumentException(problem, nameof(rows))
            : new CopickTransformation([.. rows.SelectMany(row => row)]);

    /// <summary>Returns the rows, as copick stores them.</summary>
    /// <returns>Four arrays of four elements.</returns>
    public double[][] ToRows() => [.. this.elements.Chunk(Size)];

    /// <inheritdoc/>
    public bool Equals(CopickTransformation? other) =>
        other is not null && this.elements.AsSpan().SequenceEqual(other.elements);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => this.Equals(obj as CopickTransformation);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        HashCode hash = default;
        foreach (double element in this.elements)
        {
            hash.Add(element);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        "[" + string.Join(", ", this.ToRows().Select(row => "[" + string.Join(", ", row) + "]")) + "]";
}
