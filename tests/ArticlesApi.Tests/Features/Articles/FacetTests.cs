using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// `facets=tag,author,language,source` on the article list: counts over every match, the viewer's visibility kept.
public sealed class FacetTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    async Task<ArticleSummaryList> ListAsync(string query, HttpClient? client = null)
    {
        var response = await (client ?? _client).GetAsync($"/api/v1/articles?{query}", _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
        return await response.ReadAsync<ArticleSummaryList>(_ct);
    }

    static Dictionary<string, int> Counts(IReadOnlyList<FacetCount>? facet) => facet.ShouldNotBeNull().ToDictionary(x => x.Slug, x => x.Count);

    [Fact]
    public async Task Facets_Count_Every_Match_Not_Only_The_Page_And_Are_The_Same_On_Every_Page()
    {
        var data = new ArticleData(api);
        var (red, blue) = (Fakes.Tag("red"), Fakes.Tag("blue"));
        await data.AddAsync([Fakes.Article(language: "en"), Fakes.Article(language: "en")], _ct, red, blue);
        await data.AddAsync([Fakes.Article(), Fakes.Article(), Fakes.Article()], _ct, red);

        var first = await ListAsync($"tag={data.Tag.Slug}&limit=2&facets=tag,author,language");
        var second = await ListAsync($"tag={data.Tag.Slug}&limit=2&facets=tag,author,language&cursor={Uri.EscapeDataString(first.Meta.NextCursor!)}");

        first.Data.Count.ShouldBe(2);
        foreach (var meta in new[] { first.Meta, second.Meta })
        {
            Counts(meta.Facets!.Tag).ShouldBe(new Dictionary<string, int> { [data.Tag.Slug] = 5, [red.Slug] = 5, [blue.Slug] = 2 }, ignoreOrder: true);
            meta.Facets.Tag!.Select(x => x.Count).ShouldBe([5, 5, 2]);
            Counts(meta.Facets.Author).ShouldBe(new Dictionary<string, int> { [data.Author.Slug] = 5 });
            meta.Facets.Language!.Select(x => (x.Code, x.Count)).ShouldBe([("it", 3), ("en", 2)]);
            meta.Facets.Source.ShouldBeNull("not asked for");
            meta.FacetsApproximate.ShouldBe(false);
        }
    }

    [Fact]
    public async Task Public_Facets_Never_Count_Drafts_Scheduled_Or_Trashed_Articles_And_Staff_Facets_Count_What_They_List()
    {
        var data = new ArticleData(api);
        var (secret, future, binned) = (Fakes.Tag("secret"), Fakes.Tag("future"), Fakes.Tag("binned"));
        await data.AddAsync(Fakes.Article(), _ct);
        await data.AddAsync(Fakes.Article(status: ArticleStatus.Draft, language: "de"), _ct, secret);
        await data.AddAsync(Fakes.Article(status: ArticleStatus.Scheduled, publishedAt: DateTime.UtcNow.AddDays(3)), _ct, future);
        var trashed = Fakes.Article();
        trashed.DeletedAt = DateTime.UtcNow.AddMinutes(-5);
        await data.AddAsync(trashed, _ct, binned);
        var editor = await api.EditorAsync();

        var anonymous = await ListAsync($"tag={data.Tag.Slug}&facets=tag,language");
        var staff = await ListAsync($"tag={data.Tag.Slug}&status=any&facets=tag,language", editor.Client);

        Counts(anonymous.Meta.Facets!.Tag).ShouldBe(new Dictionary<string, int> { [data.Tag.Slug] = 1 });
        anonymous.Meta.Facets.Language!.Select(x => x.Code).ShouldBe(["it"]);
        Counts(staff.Meta.Facets!.Tag).ShouldBe(new Dictionary<string, int> { [data.Tag.Slug] = 3, [secret.Slug] = 1, [future.Slug] = 1 }, ignoreOrder: true);
        staff.Meta.Facets.Language!.Select(x => (x.Code, x.Count)).ShouldBe([("it", 2), ("de", 1)]);
    }

    [Fact]
    public async Task Facets_Combine_With_Q_And_Filters()
    {
        var data = new ArticleData(api);
        var (agency, paper) = (Fakes.Source(name: "Agenzia Alfa"), Fakes.Source(name: "Giornale Beta"));
        var cited = Fakes.Article("Elections", language: "en", markdown: "The elections were postponed.");
        // Cited twice: the article counts once for the source.
        cited.Citations.AddRange([new Citation { Source = agency, Claim = "one" }, new Citation { Source = agency, Claim = "two", Position = 1 },
            new Citation { Source = paper, Claim = "three", Position = 2 }]);
        var other = Fakes.Article("More elections", language: "en", markdown: "Elections again.");
        other.Citations.Add(new Citation { Source = agency, Claim = "four" });
        await data.AddAsync([cited, other], _ct);
        await data.AddAsync(Fakes.Article("Elezioni", markdown: "Le elezioni sono rinviate."), _ct);
        await data.AddAsync(Fakes.Article("Weather", language: "en", markdown: "Rain tomorrow."), _ct);

        var english = await ListAsync($"tag={data.Tag.Slug}&q=election&language=en&facets=source,language");
        var all = await ListAsync($"tag={data.Tag.Slug}&facets=language");

        english.Meta.Facets!.Source!.Select(x => (x.Slug, x.Name, x.Count)).ShouldBe([(agency.Slug, "Agenzia Alfa", 2), (paper.Slug, "Giornale Beta", 1)]);
        english.Meta.Facets.Language!.Select(x => (x.Code, x.Count)).ShouldBe([("en", 2)]);
        all.Meta.Facets!.Language!.Select(x => (x.Code, x.Count)).ShouldBe([("en", 3), ("it", 1)]);
    }

    [Fact]
    public async Task Each_Facet_Gives_The_Ten_Most_Common_Values_Ties_By_Name()
    {
        var data = new ArticleData(api);
        var tags = Enumerable.Range(0, 12).Select(i => Fakes.Tag($"z{i:00}")).ToArray();
        await data.AddAsync(Fakes.Article(), _ct, tags);
        await data.AddAsync(Fakes.Article(), _ct, tags[11]);

        var facet = (await ListAsync($"tag={data.Tag.Slug}&facets=tag")).Meta.Facets!.Tag!;

        facet.Count.ShouldBe(10);
        facet[0].Slug.ShouldBe(data.Tag.Slug);
        facet[1].Slug.ShouldBe(tags[11].Slug);
        facet.Skip(2).Select(x => x.Slug).ShouldBe(tags.Take(8).Select(t => t.Slug));
    }

    [Fact]
    public async Task Tag_Names_Are_Given_In_The_Language_Filtered_On()
    {
        var data = new ArticleData(api);
        var war = Fakes.Tag("guerra");
        war.Translations.Add(new TagTranslation { Language = "en", Name = $"War {Guid.NewGuid():N}" });
        await data.AddAsync([Fakes.Article(language: "en"), Fakes.Article()], _ct, war);

        var english = (await ListAsync($"tag={data.Tag.Slug}&language=en&facets=tag")).Meta.Facets!.Tag!;
        var any = (await ListAsync($"tag={data.Tag.Slug}&facets=tag")).Meta.Facets!.Tag!;

        english.Single(x => x.Slug == war.Slug).Name.ShouldBe(war.Translations[0].Name);
        any.Single(x => x.Slug == war.Slug).Name.ShouldBe(war.Name);
    }

    [Fact]
    public async Task Beyond_The_Window_Facets_Count_The_Newest_Matches_And_Say_They_Are_Approximate()
    {
        var data = new ArticleData(api);
        await data.AddPublishedAsync(global::Articles.List.Facets.Window + 1, _ct);

        var meta = (await ListAsync($"tag={data.Tag.Slug}&facets=tag&total=true")).Meta;

        meta.Total.ShouldBe(global::Articles.List.Facets.Window + 1);
        meta.FacetsApproximate.ShouldBe(true);
        Counts(meta.Facets!.Tag)[data.Tag.Slug].ShouldBe(global::Articles.List.Facets.Window);
    }

    [Theory]
    [InlineData("facets=tags")]
    [InlineData("facets=tag,colour")]
    [InlineData("facets=Tag")]
    public async Task An_Unknown_Facet_Returns_400_Naming_Facets(string query)
    {
        var response = await _client.GetAsync($"/api/v1/articles?{query}", _ct);

        await response.ShouldBeValidationProblemAsync("facets");
    }

    [Fact]
    public async Task Repeated_Facet_Names_Count_Once_And_Without_Facets_Meta_Has_None()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Fakes.Article(), _ct);

        var repeated = await ListAsync($"tag={data.Tag.Slug}&facets=tag,%20tag,,language");
        using var plain = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/articles?tag={data.Tag.Slug}", _ct));

        Counts(repeated.Meta.Facets!.Tag).ShouldBe(new Dictionary<string, int> { [data.Tag.Slug] = 1 });
        repeated.Meta.Facets.Language.ShouldNotBeNull();
        plain.RootElement.GetProperty("meta").TryGetProperty("facets", out _).ShouldBeFalse();
        plain.RootElement.GetProperty("meta").TryGetProperty("facetsApproximate", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task A_Search_Without_Words_Has_Empty_Facets()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Fakes.Article(), _ct);

        var meta = (await ListAsync($"tag={data.Tag.Slug}&q=...&facets=tag,author,language,source")).Meta;

        meta.Facets!.Tag.ShouldBeEmpty();
        meta.Facets.Author.ShouldBeEmpty();
        meta.Facets.Language.ShouldBeEmpty();
        meta.Facets.Source.ShouldBeEmpty();
        meta.FacetsApproximate.ShouldBe(false);
    }
}
