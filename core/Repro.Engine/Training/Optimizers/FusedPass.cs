using System.Numerics;
using static TorchSharp.torch;

namespace Repro.Engine.Training.Optimizers;

/// <summary>
/// The fused optimizer updates: passes over a contiguous float32 CPU parameter, its gradient and its state, on the calling
/// thread (the update is bound by memory, not arithmetic; threads that wait for each other lose more than they gain when
/// cores are shared). Each element gets the float32 operations libtorch's element-wise kernels give it, in the same order
/// and with the same roundings: products and quotients rounded once each, and <c>add(x, alpha)</c> and <c>addcmul</c> as
/// a fused multiply-add where libtorch's kernels are built with FMA (the AVX2 and AVX-512 kernels) and as a product then a
/// sum where they are not (<c>ATEN_CPU_CAPABILITY=default</c>, or a CPU without FMA). Every element is computed on its own.
/// </summary>
internal static unsafe class FusedPass
{
    /// <summary>Whether libtorch's vectorized kernels fuse a multiply and an add (see the class summary).</summary>
    internal static readonly bool Fma = System.Runtime.Intrinsics.X86.Fma.IsSupported &&
        !string.Equals(Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY"), "default", StringComparison.OrdinalIgnoreCase);

    /// <summary>AdamW's per-step scalars, already rounded to float32.</summary>
    public readonly record struct AdamScalars(float Decay, float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2,
        float SqrtBiasCorrection2, float Eps, float NegativeStepSize);

    /// <summary>SGD's per-step scalars, already rounded to float32.</summary>
    public readonly record struct SgdScalars(float WeightDecay, float Momentum, bool Nesterov, bool FirstStep, float NegativeLr);

    /// <summary>
    /// AdamW in two passes around libtorch's square root: libtorch's <c>sqrt</c> is not correctly rounded (it differs from
    /// <see cref="MathF.Sqrt(float)"/> in about one element in five), so the root of the second moment is taken by the same
    /// kernel on a contiguous copy of the same length: the moments and that copy in one pass, the root, the weights in another.
    /// <paramref name="scratch"/> holds at least as many elements as the parameter.
    /// </summary>
    public static void Adam(Tensor parameter, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor scratch, AdamScalars s)
    {
        var count = parameter.numel();
        AdamMoments(Pointer(grad), Pointer(expAvg), Pointer(expAvgSq), Pointer(scratch), count, s);
        using (var root = scratch.narrow(0, 0, count)) root.sqrt_();
        AdamWeights(Pointer(parameter), Pointer(expAvg), Pointer(scratch), count, s);
    }

    public static void Sgd(Tensor parameter, Tensor grad, Tensor? momentum, SgdScalars s)
    {
        SgdPass(Pointer(parameter), Pointer(grad), momentum is null ? null : Pointer(momentum), parameter.numel(), s);
    }

    /// <summary>The first element of a contiguous tensor (its storage plus offset); TorchSharp 0.107 exposes no public accessor.</summary>
    private static float* Pointer(Tensor t)
    {
        var data = THSTensor_data(t.Handle);
        if (data == IntPtr.Zero) CheckForErrors();
        return (float*)data;
    }

    [System.Runtime.InteropServices.DllImport("LibTorchSharp")]
    private static extern IntPtr THSTensor_data(IntPtr handle);

    /// <summary>
    /// a · b + x as libtorch's kernels compute <c>x.add(y, alpha)</c> (a = y, b = alpha) and <c>x.addcmul(y, z, value)</c>
    /// (a = value · y, b = z): one rounding with FMA, two without.
    /// </summary>
    private static Vector<float> MultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> x) =>
        Fma ? Vector.FusedMultiplyAdd(a, b, x) : x + a * b;

    private static float MultiplyAdd(float a, float b, float x) => Fma ? MathF.FusedMultiplyAdd(a, b, x) : x + a * b;

    /// <summary>m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², and a copy of v into <paramref name="r"/>.</summary>
    private static void AdamMoments(float* g, float* m, float* v, float* r, long end, AdamScalars s)
    {
        var i = 0L;
        if (Vector.IsHardwareAccelerated)
        {
            var (beta1, oneMinusBeta1, beta2, oneMinusBeta2) =
                (new Vector<float>(s.Beta1), new Vector<float>(s.OneMinusBeta1), new Vector<float>(s.Beta2), new Vector<float>(s.OneMinusBeta2));
            for (; i <= end - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = Vector.Load(g + i);
                MultiplyAdd(gi, oneMinusBeta1, Vector.Load(m + i) * beta1).Store(m + i);
                var vi = MultiplyAdd(oneMinusBeta2 * gi, gi, Vector.Load(v + i) * beta2);
                vi.Store(v + i);
                vi.Store(r + i);
            }
        }
        for (; i < end; i++)
        {
            var gi = g[i];
            m[i] = MultiplyAdd(gi, s.OneMinusBeta1, m[i] * s.Beta1);
            v[i] = r[i] = MultiplyAdd(s.OneMinusBeta2 * gi, gi, v[i] * s.Beta2);
        }
    }

    /// <summary>p ← p · (1 − lr · λ) − step · m / (√v / √(1 − β₂ᵗ) + ε), with √v in <paramref name="r"/>.</summary>
    private static void AdamWeights(float* p, float* m, float* r, long end, AdamScalars s)
    {
        var i = 0L;
        if (Vector.IsHardwareAccelerated)
        {
            var (decay, sqrtBc2, eps, negativeStep) =
                (new Vector<float>(s.Decay), new Vector<float>(s.SqrtBiasCorrection2), new Vector<float>(s.Eps), new Vector<float>(s.NegativeStepSize));
            for (; i <= end - Vector<float>.Count; i += Vector<float>.Count)
            {
                var denominator = Vector.Load(r + i) / sqrtBc2 + eps;
                (Vector.Load(p + i) * decay + negativeStep * Vector.Load(m + i) / denominator).Store(p + i);
            }
        }
        for (; i < end; i++)
            p[i] = p[i] * s.Decay + s.NegativeStepSize * m[i] / (r[i] / s.SqrtBiasCorrection2 + s.Eps);
    }

    private static void SgdPass(float* p, float* g, float* b, long end, SgdScalars s)
    {
        for (var i = 0L; i < end; i++)
        {
            var direction = s.WeightDecay != 0 ? MultiplyAdd(p[i], s.WeightDecay, g[i]) : g[i];
            if (b is not null)
            {
                b[i] = s.FirstStep ? direction : MultiplyAdd(direction, 1f, b[i] * s.Momentum);
                direction = s.Nesterov ? MultiplyAdd(b[i], s.Momentum, direction) : b[i];
            }
            p[i] = MultiplyAdd(direction, s.NegativeLr, p[i]);
        }
    }
}
