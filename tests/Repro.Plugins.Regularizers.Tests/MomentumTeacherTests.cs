using static TorchSharp.torch;

namespace Repro.Plugins.Regularizers.Tests;

[Trait("Category", "Unit")]
public sealed class MomentumTeacherTests
{
    [Fact]
    public void TheUpdateIsBetaTeacherPlusOneMinusBetaStudent()
    {
        var model = new TinyModel();
        var head = (TinyHead)model.Head;
        using (no_grad()) head.V.copy_(tensor(new float[] { 1, 2, 3, 4, 5, 6 }).reshape(3, 2));
        using var teacher = new MomentumTeacher(model.Start());
        using (no_grad()) head.V.copy_(tensor(new float[] { 11, 12, 13, 14, 15, 16 }).reshape(3, 2));

        teacher.Update(0.9);

        // 0.9·t + 0.1·s: 0.9·1 + 0.1·11 = 2, 0.9·2 + 0.1·12 = 3, ...
        var v = teacher.State().Last().Weight;
        Assert.Equal(new[] { 2f, 3, 4, 5, 6, 7 }, v.data<float>().ToArray().Select(x => MathF.Round(x, 5)));
        // The body did not move, so the teacher's body still equals the student's (up to rounding).
        Assert.True(teacher.State().First().Weight.allclose(model.Body.Table, rtol: 1e-6, atol: 1e-7));
    }

    [Fact]
    public void TheTeacherIsACopyNotTheLiveModel()
    {
        var model = new TinyModel();
        using var teacher = new MomentumTeacher(model.Start());
        using (no_grad()) model.Body.W.add_(1);
        Assert.False(teacher.State().ElementAt(1).Weight.eq(model.Body.W).all().item<bool>());
        Assert.False(teacher.State().ElementAt(1).Weight.requires_grad);
    }
}
