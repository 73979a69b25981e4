using ArticlesApi.Domain;

namespace ArticlesApi.Tests.Features.Foundation;

public sealed class SlugTests
{
    [Theory]
    [InlineData("Perché il trattato è fermo", "perche-il-trattato-e-fermo")]
    [InlineData("Città, libertà e più", "citta-liberta-e-piu")]
    [InlineData("Łódź e Київ", "lodz-e-kiiv")]
    [InlineData("  --Hello,   World!--  ", "hello-world")]
    [InlineData("!!!", "untitled")]
    public void From_Folds_Accents_And_Transliterates(string text, string expected) =>
        Slug.From(text).ShouldBe(expected);

    [Fact]
    public void From_Never_Exceeds_The_Maximum_Length()
    {
        var slug = Slug.From(string.Join(' ', Enumerable.Repeat("trattato", 40)));
        slug.Length.ShouldBeLessThanOrEqualTo(Slug.MaxLength);
        slug.ShouldNotEndWith("-");
    }

    [Fact]
    public void FirstFree_Appends_The_Next_Free_Number()
    {
        Slug.FirstFree("vertice", new HashSet<string>()).ShouldBe("vertice");
        Slug.FirstFree("vertice", new HashSet<string> { "vertice", "vertice-2" }).ShouldBe("vertice-3");
    }
}
