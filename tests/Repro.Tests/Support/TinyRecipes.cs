namespace Repro.Tests.Support;

/// <summary>Recipes small enough to train in seconds: one-layer width-16 encoder, tens of steps.</summary>
internal static class TinyRecipes
{
    public const string Model = """
        model:
          plugin: bert-encoder
          params: { hidden_size: 16, layers: 1, heads: 2, ffn_size: 32, dropout: 0.1 }
        """;

    public const string Pretrain = """
          pretrain:
            kind: pretrain
            task: { plugin: synthetic-corpus, params: { train_size: 400, dev_size: 50 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 12
            batch_size: 16
            log_every: 4
        """;

    public const string Target = """
          target:
            kind: finetune
            from: pretrain
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 60 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 10
            batch_size: 8
            log_every: 5
        """;

    /// <summary>One fine-tuning stage <c>ft</c> on a file-classification task with <paramref name="train"/> and <paramref name="dev"/> (relative to the recipe) for <paramref name="steps"/> steps.</summary>
    public static string FileClassification(string train, string dev, int steps = 2) =>
        $$"""
        name: files
        version: 1.0.0
        seed: 1
        threads: 1
        tokenizer: { type: words, max_length: 16 }
        {{Model}}
        stages:
          ft:
            kind: finetune
            task:
              plugin: file-classification
              params: { train: {{train}}, dev: {{dev}} }
            steps: {{steps}}
            batch_size: 2
        """;

    /// <summary>A two-stage recipe: pretrain → target.</summary>
    public static string TwoStage(string name = "tiny", string extraStages = "") =>
        $"""
        name: {name}
        version: 1.0.0
        description: tiny two-stage recipe for tests
        seed: 7
        threads: 1
        tokenizer: {"{"} max_length: 24 {"}"}
        {Model}
        stages:
        {Pretrain}
        {Target}
        {extraStages}
        """;
}
