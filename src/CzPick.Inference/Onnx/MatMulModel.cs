namespace CzPick.Inference.Onnx;

/// <summary>
/// One float32 matrix product as an ONNX graph: ONNX Runtime runs it on its best CPU kernel (MLAS's packed SGEMM), so
/// its speed is the ceiling that any network run by the same runtime on the same machine can be measured against.
/// </summary>
public static class MatMulModel
{
    /// <summary>The input's name: the left matrix (rows × inner).</summary>
    public const string InputName = "a";

    /// <summary>The output's name: the product (rows × columns).</summary>
    public const string OutputName = "product";

    /// <summary>Builds the model; the right matrix is a constant of uniform values in [−1, 1).</summary>
    /// <param name="rows">The left matrix's rows.</param>
    /// <param name="inner">The shared dimension.</param>
    /// <param name="columns">The right matrix's columns.</param>
    /// <param name="seed">Seeds the right matrix's values.</param>
    /// <returns>The ModelProto bytes.</returns>
    public static byte[] Create(int rows, int inner, int columns, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inner, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        Random random = new(seed);
        float[] right = new float[(long)inner * columns];
        for (int i = 0; i < right.Length; i++)
        {
            right[i] = (random.NextSingle() * 2) - 1;
        }

        OnnxGraph graph = new("matmul");
        string input = graph.AddInput(InputName, OnnxDimension.Fixed(rows), OnnxDimension.Fixed(inner));
        string weight = graph.AddInitializer("b", [inner, columns], right);
        graph.AddNode("MatMul", OutputName, [input, weight]);
        graph.AddOutput(OutputName, OnnxDimension.Fixed(rows), OnnxDimension.Fixed(columns));
        return new OnnxModel(graph, $"{rows}×{inner} times {inner}×{columns}, right matrix from seed {seed}").ToArray();
    }

    /// <summary>Returns the product's floating-point operations: 2 per multiply-add.</summary>
    /// <param name="rows">The left matrix's rows.</param>
    /// <param name="inner">The shared dimension.</param>
    /// <param name="columns">The right matrix's columns.</param>
    /// <returns>2 × rows × inner × columns.</returns>
    public static double Flops(int rows, int inner, int columns) => 2.0 * rows * inner * columns;
}
