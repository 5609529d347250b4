namespace Repro.Engine.Recipes;

/// <summary>The kinds of stage; what each allows and needs is in <see cref="StageKinds"/>, the one table of per-kind facts.
/// Listed in the order recipes document them (and errors list them).</summary>
public enum StageKind
{
    /// <summary>Masked-LM training of the encoder body.</summary>
    Pretrain,
    /// <summary>Training body and a new head on a labelled task.</summary>
    Finetune,
    /// <summary>Training the body and one head per task on a mixture of tasks (Muppet, Aghajanyan et al. 2021).</summary>
    Multitask,
    /// <summary>No training: evaluate an earlier stage's model on a task.</summary>
    Evaluate,
    /// <summary>No training: a weighted average of the bodies of several earlier stages (Choshen et al. 2022), a base for later stages.</summary>
    Fuse,
    /// <summary>No encoder: a classical classifier (majority class, bag-of-words logistic regression or naive Bayes) on a task, an arm to compare with.</summary>
    Baseline,
}
