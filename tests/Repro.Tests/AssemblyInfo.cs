// Training tests pin threads and seed libtorch's global generator; running them one at a time keeps
// them from fighting over 2 cores and over that generator.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
