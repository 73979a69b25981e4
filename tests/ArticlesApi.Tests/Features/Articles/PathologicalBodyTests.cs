using System.Net;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// Bodies shaped to hurt the parser, the sanitizer or PostgreSQL's text-search parser (issue 13, class 7):
/// each answers 201 or a 400 naming `body.markdown`, never a 500 or the 503 of a statement timeout.
/// bench/studies/pathological-bodies times the same shapes.
public sealed class PathologicalBodyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string> ShapeNames => new(PathologicalBodies.Shapes.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public async Task A_Pathological_Body_Answers_201_Or_400_Naming_The_Body(string shape)
    {
        var markdown = PathologicalBodies.Shapes.Single(s => s.Name == shape).Build(40_000);
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();

        var response = await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author).With("body", new { markdown }));

        if (response.StatusCode != HttpStatusCode.Created)
            await response.ShouldBeValidationProblemAsync("body.markdown");
    }

    [Theory]
    [InlineData(">", "")]
    [InlineData("- ", "")]
    [InlineData("*a ", "*")]
    public async Task Nesting_Up_To_The_Limit_Creates_And_One_Level_More_Returns_400(string open, string close)
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        string Nested(int levels) => string.Concat(Enumerable.Repeat(open, levels)) + " x" + string.Concat(Enumerable.Repeat(close, levels));
        // A list level is two containers (list and item); an emphasis level one.
        var levels = open == "- " ? ArticleBody.MaxNestingDepth / 2 : ArticleBody.MaxNestingDepth;

        var fits = await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author).With("body", new { markdown = Nested(levels) }));
        var deeper = await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author).With("body", new { markdown = Nested(levels + 1) }));

        fits.StatusCode.ShouldBe(HttpStatusCode.Created, await fits.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var problem = await deeper.ShouldBeValidationProblemAsync("body.markdown");
        problem.ToString().ShouldContain($"deeper than {ArticleBody.MaxNestingDepth} levels");
    }

    [Fact]
    public async Task A_Body_Of_The_Maximum_Length_Creates()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var markdown = PathologicalBodies.DenseMarkup(ArticlesApi.Features.Articles.ArticleInputRules.MaxMarkdownLength);
        markdown.Length.ShouldBe(ArticlesApi.Features.Articles.ArticleInputRules.MaxMarkdownLength);

        var response = await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author).With("body", new { markdown }));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
