using TorchSharp;

namespace Repro.Engine.Determinism;

/// <summary>Turns a recipe's device name into a TorchSharp device, with a clear error when CUDA is missing.</summary>
public static class Devices
{
    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>. On CUDA, TF32 is switched off and cuBLAS is made deterministic.</summary>
    public static torch.Device Resolve(string name)
    {
        if (name == "cpu") return torch.CPU;
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^cuda(:[0-9]{1,4})?$"))
            throw new ReproException($"device '{name}' is unknown: use cpu, cuda or cuda:N");
        if (!torch.cuda.is_available())
            throw new ReproException(
                $"device '{name}' was requested, but the libtorch this repro loaded has no CUDA support (it is built with TorchSharp-cpu) " +
                "or no GPU is visible. Build repro for CUDA with `./install.sh -p:ReproTorchBackend=cuda` on a machine " +
                "that can restore TorchSharp-cuda-linux (see docs/gpu.md), or run with --device cpu.");
        // cuBLAS reads this on its first call: it must be set before any CUDA work.
        if (Environment.GetEnvironmentVariable("CUBLAS_WORKSPACE_CONFIG") is null)
            Environment.SetEnvironmentVariable("CUBLAS_WORKSPACE_CONFIG", ":4096:8");
        torch.backends.cuda.matmul.allow_tf32 = false;
        torch.backends.cudnn.allow_tf32 = false;
        var index = name.Contains(':') ? int.Parse(name[(name.IndexOf(':') + 1)..]) : 0;
        if (index >= torch.cuda.device_count())
            throw new ReproException($"device '{name}' does not exist: {torch.cuda.device_count()} CUDA device(s) are visible");
        return torch.device(DeviceType.CUDA, index);
    }
}
