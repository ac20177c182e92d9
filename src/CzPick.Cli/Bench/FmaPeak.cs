using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CzPick.Cli.Bench;

/// <summary>What the FMA microbenchmark measured.</summary>
/// <param name="Gflops">Floating-point operations per second over the wall time, all threads together, in GFLOP/s.</param>
/// <param name="GflopsPerCpuSecond">Operations per second of CPU time the threads got, in GFLOP per CPU-second: on a shared machine, what one core does when it runs.</param>
/// <param name="Threads">The threads that ran.</param>
/// <param name="VectorBits">The vector width used: 512, 256 or 128.</param>
readonly record struct FmaPeakResult(double Gflops, double GflopsPerCpuSecond, int Threads, int VectorBits);

/// <summary>
/// The machine's float32 peak as code can reach it: every core runs chains of fused multiply-adds on the widest
/// vectors the hardware accelerates, with twelve independent accumulators per thread so that each FMA unit always
/// has work while earlier results are in flight (latency 4 × 2 ports needs at least 8). An FMA counts 2 operations
/// per lane, as the UNet's convolution count does.
/// </summary>
static class FmaPeak
{
    const int Accumulators = 12;
    const long Iterations = 1 << 22;

    static float sink;

    /// <summary>Gets the widest hardware-accelerated vector width in bits.</summary>
    public static int VectorBits => Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;

    /// <summary>Runs the benchmark on every core for about the given number of rounds.</summary>
    /// <param name="rounds">How many times each thread runs its 4 M iterations; the best round counts.</param>
    /// <returns>The best round's rates.</returns>
    public static FmaPeakResult Measure(int rounds)
    {
        int threads = Environment.ProcessorCount;
        int bits = VectorBits;
        double flopsPerThread = 2.0 * Accumulators * Iterations * (bits / 32);
        double best = 0;
        double bestPerCpu = 0;
        using Process self = Process.GetCurrentProcess();
        for (int round = 0; round < rounds; round++)
        {
            self.Refresh();
            TimeSpan cpu = self.TotalProcessorTime;
            Stopwatch watch = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Run(bits));
            double wall = watch.Elapsed.TotalSeconds;
            self.Refresh();
            double cpuSeconds = (self.TotalProcessorTime - cpu).TotalSeconds;
            best = Math.Max(best, threads * flopsPerThread / wall / 1e9);
            bestPerCpu = Math.Max(bestPerCpu, threads * flopsPerThread / cpuSeconds / 1e9);
        }

        return new FmaPeakResult(best, bestPerCpu, threads, bits);
    }

    static void Run(int bits)
    {
        float result = bits switch
        {
            512 => Chains<Lanes512>(),
            256 => Chains<Lanes256>(),
            _ => Chains<Lanes128>(),
        };

        // Publishing the sum keeps the JIT from discarding the loops.
        Volatile.Write(ref sink, result);
    }

    /// <summary>Twelve independent FMA chains; the JIT compiles one loop per vector width, with the vectors in registers.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static float Chains<TLanes>()
        where TLanes : struct, ILanes<TLanes>
    {
        // a·m + c with m just below 1 converges to c / (1 − m): no overflow, no denormals, however long it runs.
        TLanes m = TLanes.Create(0.9999999f);
        TLanes c = TLanes.Create(1e-7f);
        TLanes a0 = TLanes.Create(0.1f), a1 = TLanes.Create(0.2f), a2 = TLanes.Create(0.3f), a3 = TLanes.Create(0.4f);
        TLanes a4 = TLanes.Create(0.5f), a5 = TLanes.Create(0.6f), a6 = TLanes.Create(0.7f), a7 = TLanes.Create(0.8f);
        TLanes a8 = TLanes.Create(0.9f), a9 = TLanes.Create(1.1f), a10 = TLanes.Create(1.2f), a11 = TLanes.Create(1.3f);
        for (long i = 0; i < Iterations; i++)
        {
            a0 = TLanes.Fma(a0, m, c);
            a1 = TLanes.Fma(a1, m, c);
            a2 = TLanes.Fma(a2, m, c);
            a3 = TLanes.Fma(a3, m, c);
            a4 = TLanes.Fma(a4, m, c);
            a5 = TLanes.Fma(a5, m, c);
            a6 = TLanes.Fma(a6, m, c);
            a7 = TLanes.Fma(a7, m, c);
            a8 = TLanes.Fma(a8, m, c);
            a9 = TLanes.Fma(a9, m, c);
            a10 = TLanes.Fma(a10, m, c);
            a11 = TLanes.Fma(a11, m, c);
        }

        return TLanes.Sum(a0) + TLanes.Sum(a1) + TLanes.Sum(a2) + TLanes.Sum(a3) + TLanes.Sum(a4) + TLanes.Sum(a5) +
            TLanes.Sum(a6) + TLanes.Sum(a7) + TLanes.Sum(a8) + TLanes.Sum(a9) + TLanes.Sum(a10) + TLanes.Sum(a11);
    }

    /// <summary>One vector width's operations, so that one generic loop serves every width.</summary>
    interface ILanes<TSelf>
        where TSelf : struct, ILanes<TSelf>
    {
        static abstract TSelf Create(float value);

        static abstract TSelf Fma(TSelf a, TSelf b, TSelf c);

        static abstract float Sum(TSelf value);
    }

    readonly struct Lanes512(Vector512<float> value) : ILanes<Lanes512>
    {
        public static Lanes512 Create(float value) => new(Vector512.Create(value));

        public static Lanes512 Fma(Lanes512 a, Lanes512 b, Lanes512 c) => new(Vector512.FusedMultiplyAdd(a.Value, b.Value, c.Value));

        public static float Sum(Lanes512 value) => Vector512.Sum(value.Value);

        Vector512<float> Value => value;
    }

    readonly struct Lanes256(Vector256<float> value) : ILanes<Lanes256>
    {
        public static Lanes256 Create(float value) => new(Vector256.Create(value));

        public static Lanes256 Fma(Lanes256 a, Lanes256 b, Lanes256 c) => new(Vector256.FusedMultiplyAdd(a.Value, b.Value, c.Value));

        public static float Sum(Lanes256 value) => Vector256.Sum(value.Value);

        Vector256<float> Value => value;
    }

    readonly struct Lanes128(Vector128<float> value) : ILanes<Lanes128>
    {
        public static Lanes128 Create(float value) => new(Vector128.Create(value));

        public static Lanes128 Fma(Lanes128 a, Lanes128 b, Lanes128 c) => new(Vector128.FusedMultiplyAdd(a.Value, b.Value, c.Value));

        public static float Sum(Lanes128 value) => Vector128.Sum(value.Value);

        Vector128<float> Value => value;
    }
}
