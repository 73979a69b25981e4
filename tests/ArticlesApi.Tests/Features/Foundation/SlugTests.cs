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

    [Theory]
    [InlineData("0190c3a2-7b1e-7c3d-9f00-1234567890ab")]
    [InlineData("0190C3A2-7B1E-7C3D-9F00-1234567890AB")]
    [InlineData("0190c3a27b1e7c3d9f001234567890ab")]
    [InlineData("{0190c3a2-7b1e-7c3d-9f00-1234567890ab}")]
    public void From_A_Title_Shaped_Like_An_Id_Gives_A_Slug_That_Is_Not_One(string title)
    {
        var slug = Slug.From(title);
        Guid.TryParse(slug, out _).ShouldBeFalse(slug);
        Slug.LooksLikeId(slug).ShouldBeFalse(slug);
        slug.ShouldEndWith("-1");
    }

    [Theory]
    [InlineData("0190c3a2-7b1e-7c3d-9f00-1234567890ab", true)]
    [InlineData("0190c3a27b1e7c3d9f001234567890ab", true)]
    [InlineData("0x90c3a2-7b1e-7c3d-9f00-1234567890ab", true)]
    [InlineData("0190c3a2-0x1e-7c3d-9f00-1234567890ab", true)]
    [InlineData("0190c3a2-7b1e-7c3d-9f00-1234567890ab-1", false)]
    [InlineData("vertice-di-roma", false)]
    [InlineData("deadbeef", false)]
    public void LooksLikeId_Holds_For_Every_Slug_Guid_TryParse_Reads(string slug, bool expected) =>
        Slug.LooksLikeId(slug).ShouldBe(expected);

    [Fact]
    public void The_Id_Shaped_Pattern_Covers_Every_Slug_Guid_TryParse_Reads()
    {
        // Random ids of both lengths, often with the "0x" that .NET accepts at the start of a group: the
        // database's CHECK constraint (the pattern) must refuse whatever .NET would read as an id.
        var random = new Random(13);
        const string hex = "0123456789abcdef";
        for (var i = 0; i < 20_000; i++)
        {
            var dashed = i % 2 == 1;
            var chars = Enumerable.Range(0, dashed ? 36 : 32)
                .Select(p => dashed && p is 8 or 13 or 18 or 23 ? '-' : hex[random.Next(hex.Length)]).ToArray();
            foreach (var start in dashed ? [0, 9, 14, 19, 24] : new[] { 0 })
                if (random.Next(3) == 0)
                    (chars[start], chars[start + 1]) = ('0', 'x');
            var slug = new string(chars);
            if (Guid.TryParse(slug, out _))
                System.Text.RegularExpressions.Regex.IsMatch(slug, Slug.IdShapedPattern).ShouldBeTrue(slug);
        }
    }
}
