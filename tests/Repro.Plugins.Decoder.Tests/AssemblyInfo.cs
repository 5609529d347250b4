// Tests seed TorchSharp's global generator, so they must not run concurrently.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
