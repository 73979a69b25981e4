using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

public sealed class ListTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    async Task<ListResponse<ArticleSummary>> ListAsync(string query)
    {
        var response = await _client.GetAsync($"/api/v1/articles?{query}", _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
        return await response.ReadAsync<ListResponse<ArticleSummary>>(_ct);
    }

    /// The `data` of a list's first two pages (following meta.nextCursor), as JSON text; both must be full.
    async Task<string> TwoPagesAsync(HttpClient client, string query)
    {
        var pages = new List<string>();
        string? cursor = null;
        for (var i = 0; i < 2; i++)
        {
            var url = $"/api/v1/articles?{query}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var response = await client.GetAsync(url, _ct);
            var json = await response.Content.ReadAsStringAsync(_ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, json);
            using var page = JsonDocument.Parse(json);
            pages.Add(page.RootElement.GetProperty("data").GetRawText());
            cursor = page.RootElement.GetProperty("meta").TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            cursor.ShouldNotBeNull("the list should have a next page");
        }
        return string.Join("\n", pages);
    }

    /// A list names each tag in its article's language (the most specific translation, else the tag's name), read from the
    /// page's rows (ListPageTags), as an article's own read names it (ArticleProjections.LocalizedName).
    [Fact]
    public async Task A_List_Names_Each_Tag_In_Its_Articles_Language_As_The_Articles_Read_Does()
    {
        var data = new ArticleData(api);
        var war = Fakes.Tag("guerra");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        war.Translations.AddRange([
            new TagTranslation { Language = "pt", Name = $"Guerra pt {suffix}" },
            new TagTranslation { Language = "pt-BR", Name = $"Guerra BR {suffix}" },
            new TagTranslation { Language = "en", Name = $"War {suffix}" },
        ]);
        var languages = new[] { "pt-BR", "pt-PT", "pt", "en-GB", "en", "it" };
        await data.AddAsync(languages.Select(l => Fakes.Article(language: l)).ToList(), _ct, war);

        var page = await ListAsync($"tag={data.Tag.Slug}&limit=20");

        var names = page.Data.ToDictionary(a => a.Language, a => a.Tags.Single(t => t.Slug == war.Slug).Name);
        names.ShouldBe(new Dictionary<string, string>
        {
            ["pt-BR"] = $"Guerra BR {suffix}", ["pt-PT"] = $"Guerra pt {suffix}", ["pt"] = $"Guerra pt {suffix}",
            ["en-GB"] = $"War {suffix}", ["en"] = $"War {suffix}", ["it"] = war.Name,
        }, ignoreOrder: true);
        foreach (var summary in page.Data)
        {
            var read = await (await _client.GetAsync($"/api/v1/articles/{summary.Id}", _ct)).JsonAsync();
            read.GetProperty("tags").EnumerateArray().Select(t => (t.GetProperty("slug").GetString(), t.GetProperty("name").GetString()))
                .ShouldBe(summary.Tags.Select(t => ((string?)t.Slug, (string?)t.Name)), summary.Language);
        }
    }

    [Fact]
    public async Task The_Public_Front_Page_And_Its_Next_Page_Match_A_Staff_Readers_Published_List()
    {
        // The anonymous front page is an EF compiled query; a staff reader's list goes through the LINQ built
        // per request.
        await new ArticleData(api).AddPublishedAsync(9, _ct);
        var editor = (await api.EditorAsync()).Client;

        var anonymous = await TwoPagesAsync(_client, "limit=4");
        var staff = await TwoPagesAsync(editor, "limit=4&status=published");

        staff.ShouldBe(anonymous);
        anonymous.ShouldContain("\"authors\":[{");
    }

    [Fact]
    public async Task List_Returns_Summaries_With_Authors_And_Tags_Newest_First()
    {
        var data = new ArticleData(api);
        var second = Fakes.Author();
        var articles = await data.AddPublishedAsync(3, _ct);
        await using (var db = api.Database.CreateContext())
        {
            db.ArticleAuthors.Add(new ArticleAuthor { ArticleId = articles[0].Id, Author = second, Position = 1 });
            await db.SaveChangesAsync(_ct);
        }

        var response = await _client.GetAsync($"/api/v1/articles?tag={data.Tag.Slug}", _ct);
        var json = await response.Content.ReadAsStringAsync(_ct);
        var page = await response.ReadAsync<ListResponse<ArticleSummary>>(_ct);

        page.Data.Select(a => a.Id).ShouldBe(articles.Select(a => a.Id));
        page.Data[0].Authors.Select(a => a.Slug).ShouldBe([data.Author.Slug, second.Slug]);
        page.Data[0].Tags.ShouldContain(t => t.Slug == data.Tag.Slug);
        page.Meta.NextCursor.ShouldBeNull();
        page.Meta.Limit.ShouldBe(20);
        json.ShouldNotContain("\"body\"");
        json.ShouldNotContain("markdown");
        response.Headers.Contains("Link").ShouldBeFalse();
    }

    [Fact]
    public async Task List_Shows_Only_Published_And_Due_Articles()
    {
        var data = new ArticleData(api);
        var published = Fakes.Article();
        var due = Fakes.Article(status: ArticleStatus.Scheduled, publishedAt: DateTime.UtcNow.AddSeconds(-5));
        var future = Fakes.Article(status: ArticleStatus.Scheduled, publishedAt: DateTime.UtcNow.AddDays(1));
        var futurePublished = Fakes.Article(status: ArticleStatus.Published, publishedAt: DateTime.UtcNow.AddDays(1));
        var draft = Fakes.Article(status: ArticleStatus.Draft);
        var archived = Fakes.Article(status: ArticleStatus.Archived);
        var trashed = Fakes.Article();
        trashed.DeletedAt = DateTime.UtcNow;
        await data.AddAsync([published, due, future, futurePublished, draft, archived, trashed], _ct);

        var page = await ListAsync($"tag={data.Tag.Slug}&total=true");

        page.Data.Select(a => a.Id).ShouldBe([due.Id, published.Id], ignoreOrder: true);
        page.Data.Single(a => a.Id == due.Id).Status.ShouldBe(ArticleStatus.Published, "a scheduled article whose time has come reads as published");
        page.Meta.Total.ShouldBe(2);
    }

    [Fact]
    public async Task Tag_Author_And_Source_Filters_Take_Comma_Lists()
    {
        var data = new ArticleData(api);
        var (other, nobody) = (Fakes.Tag("other"), Fakes.Tag("nobody"));
        var (writer, agency) = (Fakes.Author(), Fakes.Source());
        var plain = await data.AddAsync(Fakes.Article(), _ct);
        var tagged = await data.AddAsync(Fakes.Article(), _ct, other);
        var byWriter = Fakes.Article();
        byWriter.Authors.Add(new ArticleAuthor { Author = writer, Position = 0 });
        byWriter.Citations.Add(new Citation { Source = agency, Claim = "Il governo cade", Position = 0 });
        await data.AddAsync(byWriter, _ct);

        (await ListAsync($"tag={other.Slug}")).Data.Select(a => a.Id).ShouldBe([tagged.Id]);
        (await ListAsync($"tag={other.Slug},{nobody.Slug}")).Data.Select(a => a.Id).ShouldBe([tagged.Id]);
        (await ListAsync($"tag={data.Tag.Slug}&author={writer.Slug}")).Data.Select(a => a.Id).ShouldBe([byWriter.Id]);
        (await ListAsync($"author={writer.Slug},{data.Author.Slug}&tag={data.Tag.Slug}")).Data.Count.ShouldBe(3);
        (await ListAsync($"source={agency.Slug}")).Data.Select(a => a.Id).ShouldBe([byWriter.Id]);
        (await ListAsync($"tag={nobody.Slug}")).Data.ShouldBeEmpty();
        plain.Id.ShouldNotBe(tagged.Id);
    }

    [Fact]
    public async Task Language_And_Date_Filters_Compose_Into_A_Front_Page()
    {
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var italian = await data.AddAsync(Fakes.Article(language: "it", publishedAt: now.AddHours(-1)), _ct);
        var swiss = await data.AddAsync(Fakes.Article(language: "it-CH", publishedAt: now.AddHours(-2)), _ct);
        var english = await data.AddAsync(Fakes.Article(language: "en", publishedAt: now.AddHours(-3)), _ct);
        var oldItalian = await data.AddAsync(Fakes.Article(language: "it", publishedAt: now.AddDays(-10)), _ct);

        (await ListAsync($"tag={data.Tag.Slug}&language=it")).Data.Select(a => a.Id).ShouldBe([italian.Id, swiss.Id, oldItalian.Id]);
        (await ListAsync($"tag={data.Tag.Slug}&language=it-CH")).Data.Select(a => a.Id).ShouldBe([swiss.Id]);
        (await ListAsync($"tag={data.Tag.Slug}&language=en")).Data.Select(a => a.Id).ShouldBe([english.Id]);

        var after = Uri.EscapeDataString(now.AddDays(-1).ToString("O"));
        var before = Uri.EscapeDataString(now.AddHours(-1).AddMinutes(-1).ToString("O"));
        (await ListAsync($"tag={data.Tag.Slug}&publishedAfter={after}")).Data.Select(a => a.Id).ShouldBe([italian.Id, swiss.Id, english.Id]);
        (await ListAsync($"tag={data.Tag.Slug}&publishedAfter={after}&publishedBefore={before}")).Data.Select(a => a.Id).ShouldBe([swiss.Id, english.Id]);
        (await ListAsync($"tag={data.Tag.Slug}&publishedBefore={now.AddDays(-5):yyyy-MM-dd}")).Data.Select(a => a.Id).ShouldBe([oldItalian.Id]);

        var frontPage = await ListAsync($"tag={data.Tag.Slug}&language=it&publishedAfter={after}&limit=1");
        frontPage.Data.Select(a => a.Id).ShouldBe([italian.Id]);
        frontPage.Meta.NextCursor.ShouldNotBeNull();
    }

    [Fact]
    public async Task Sorts_Order_By_Date_Update_And_Title()
    {
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var b = await data.AddAsync(Fakes.Article("Bravo", publishedAt: now.AddHours(-3)), _ct);
        var a = await data.AddAsync(Fakes.Article("Alfa", publishedAt: now.AddHours(-1)), _ct);
        var c = await data.AddAsync(Fakes.Article("Charlie", publishedAt: now.AddHours(-2)), _ct);

        (await ListAsync($"tag={data.Tag.Slug}")).Data.Select(x => x.Id).ShouldBe([a.Id, c.Id, b.Id]);
        (await ListAsync($"tag={data.Tag.Slug}&sort=publishedAt")).Data.Select(x => x.Id).ShouldBe([b.Id, c.Id, a.Id]);
        (await ListAsync($"tag={data.Tag.Slug}&sort=-updatedAt")).Data.Select(x => x.Id).ShouldBe([c.Id, a.Id, b.Id]);
        (await ListAsync($"tag={data.Tag.Slug}&sort=title&limit=2")).Data.Select(x => x.Id).ShouldBe([a.Id, b.Id]);
    }

    [Theory]
    [InlineData("-publishedAt")]
    [InlineData("publishedAt")]
    [InlineData("-updatedAt")]
    [InlineData("title")]
    public async Task Walking_All_Pages_While_Rows_Are_Inserted_Sees_No_Duplicate_And_No_Gap(string sort)
    {
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        // Ties on the sort key: the id must break them, or a page boundary would skip or repeat.
        var articles = await data.AddAsync(Enumerable.Range(0, 23)
            .Select(i => Fakes.Article($"Titolo {i / 3}", publishedAt: now.AddMinutes(-10 - i / 3))).ToList(), _ct);

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var response = await _client.GetAsync($"/api/v1/articles?tag={data.Tag.Slug}&sort={sort}&limit=4" +
                (cursor is null ? "" : $"&cursor={cursor}"), _ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var page = await response.ReadAsync<ListResponse<ArticleSummary>>(_ct);
            seen.AddRange(page.Data.Select(a => a.Id));
            cursor = page.Meta.NextCursor;
            if (cursor is not null)
                response.Headers.GetValues("Link").Single().ShouldContain("rel=\"next\"");
            // Rows arriving between pages, at both ends and in the middle of the order.
            await data.AddAsync([
                Fakes.Article("Aaa nuovo", publishedAt: now.AddMinutes(-1)),
                Fakes.Article("Zzz nuovo", publishedAt: now.AddMinutes(-100)),
            ], _ct);
            pages++;
        } while (cursor is not null && pages < 50);

        seen.ShouldBeUnique();
        articles.Select(a => a.Id).ShouldBeSubsetOf(seen);
    }

    [Fact]
    public async Task A_Cursor_Deep_In_The_List_Continues_Where_It_Left_Off()
    {
        var data = new ArticleData(api);
        var articles = await data.AddPublishedAsync(30, _ct);

        string? cursor = null;
        for (var i = 0; i < 12; i++)
            cursor = (await ListAsync($"tag={data.Tag.Slug}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"))).Meta.NextCursor;
        var deep = await ListAsync($"tag={data.Tag.Slug}&limit=2&cursor={cursor}");

        deep.Data.Select(a => a.Id).ShouldBe([articles[24].Id, articles[25].Id]);
    }

    [Fact]
    public async Task Total_Counts_Every_Match_Not_The_Page()
    {
        var data = new ArticleData(api);
        await data.AddPublishedAsync(7, _ct);

        var page = await ListAsync($"tag={data.Tag.Slug}&limit=3&total=true");

        page.Data.Count.ShouldBe(3);
        page.Meta.Total.ShouldBe(7);
        (await ListAsync($"tag={data.Tag.Slug}&limit=3")).Meta.Total.ShouldBeNull();
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=500", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("cursor=%00", "cursor")]
    [InlineData("cursor=eyJpZCI6IjEifQ.AAAA", "cursor")]
    [InlineData("sort=newest", "sort")]
    [InlineData("sort=relevance", "sort")]
    [InlineData("publishedAfter=2024-13-01", "publishedAfter")]
    [InlineData("publishedBefore=yesterday", "publishedBefore")]
    [InlineData("language=xx", "language")]
    [InlineData("language=english", "language")]
    [InlineData("total=maybe", "total")]
    [InlineData("tag=Not%20A%20Slug", "tag")]
    [InlineData("author=a,,B", "author")]
    [InlineData("source=%3Cscript%3E", "source")]
    public async Task List_With_A_Bad_Parameter_Returns_400_Naming_It(string query, string parameter)
    {
        var response = await _client.GetAsync($"/api/v1/articles?{query}", _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ErrorNamesAsync(_ct)).ShouldContain(parameter);
    }

    [Fact]
    public async Task List_With_Limit_Zero_Returns_400() =>
        (await _client.GetAsync("/api/v1/articles?limit=0", _ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

    [Fact]
    public async Task List_With_Too_Long_Q_Returns_400()
    {
        var response = await _client.GetAsync($"/api/v1/articles?q={new string('a', 301)}", _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorNamesAsync(_ct)).ShouldBe(["q"]);
    }

    [Fact]
    public async Task A_Tampered_Cursor_Or_One_Reused_With_Another_Sort_Or_Filter_Returns_400()
    {
        var data = new ArticleData(api);
        await data.AddPublishedAsync(3, _ct);
        var cursor = (await ListAsync($"tag={data.Tag.Slug}&limit=1")).Meta.NextCursor!;
        var tampered = (cursor[0] == 'A' ? "B" : "A") + cursor[1..];

        foreach (var query in new[]
                 {
                     $"tag={data.Tag.Slug}&limit=1&cursor={tampered}",
                     $"tag={data.Tag.Slug}&limit=1&cursor={cursor}&sort=title",
                     $"tag={data.Tag.Slug}&limit=1&cursor={cursor}&sort=publishedAt",
                     $"tag={data.Tag.Slug}&limit=1&cursor={cursor}&language=it",
                     $"limit=1&cursor={cursor}",
                 })
        {
            var response = await _client.GetAsync($"/api/v1/articles?{query}", _ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            (await response.ErrorNamesAsync(_ct)).ShouldBe(["cursor"]);
        }
        (await _client.GetAsync($"/api/v1/articles?tag={data.Tag.Slug}&limit=5&cursor={cursor}", _ct))
            .StatusCode.ShouldBe(HttpStatusCode.OK, "the page size may change between pages");
    }

    [Fact]
    public async Task Odd_Inputs_Never_Answer_500()
    {
        foreach (var query in new[]
                 {
                     "q=%22a%22%20-b%20or", "q=%27%3A*%20%26%20!(", "q=%00", "q=%E2%80%8B", "q=-", "q=%22", "q=a%20%3C-%3E%20b",
                     "cursor=....", "cursor=" + new string('A', 2000), "publishedAfter=0001-01-01", "publishedBefore=9999-12-31T23:59:59Z",
                     "language=zh-Hant-TW", "language=pt-br", "tag=,", "limit=100",
                 })
            (await _client.GetAsync($"/api/v1/articles?{query}", _ct)).StatusCode.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.BadRequest], query);
    }

    [Fact]
    public async Task A_List_Costs_The_Same_Number_Of_Sql_Commands_Whatever_The_Page_Size()
    {
        var data = new ArticleData(api);
        var articles = await data.AddPublishedAsync(30, _ct);
        await using (var db = api.Database.CreateContext())
        {
            foreach (var article in articles)
                db.ArticleTags.Add(new ArticleTag { ArticleId = article.Id, Tag = Fakes.Tag() });
            await db.SaveChangesAsync(_ct);
        }

        // The site (for public URLs) is read once per content generation: by a first read, not by those counted, on a host
        // started after the writes that does not poll for changes (a poll could advance the generation in between).
        // The query path's commands: the ready-made front page (one statement, ReadyMadeTests) is off here.
        // The RUM window's router (SearchWindow: a catalog lookup, and an EXPLAIN once the table has statistics) is off here.
        await using var host = api.WithWebHostBuilder(b => b.UseSetting("Caching:ChangePollMilliseconds", "0")
            .UseSetting(ArticlesApi.Features.Articles.Ready.ReadySummaryWorker.EnabledSetting, "false")
            .UseSetting("Search:RumWindow", "off"));
        var client = host.CreateClient();
        await CountSqlAsync("/api/v1/articles?limit=1", host, client);
        var small = await CountSqlAsync("/api/v1/articles?limit=2", host, client);
        var large = await CountSqlAsync("/api/v1/articles?limit=30", host, client);
        var search = await CountSqlAsync("/api/v1/articles?limit=30&q=zzqxw", host, client);
        var withTotal = await CountSqlAsync("/api/v1/articles?limit=30&total=true", host, client);
        var byTag = await CountSqlAsync($"/api/v1/articles?tag={data.Tag.Slug}&limit=30", host, client);
        var byEverySlug = await CountSqlAsync($"/api/v1/articles?tag={data.Tag.Slug}&author={data.Author.Slug}&source=nobody&limit=30", host, client);

        small.ShouldBe(3, "the page, its authors, its tags");
        large.ShouldBe(small);
        search.ShouldBe(small, "q parsed first, the page (empty: no authors or tags to read); a search that finds little then looks for the words nearest its unknown ones (didYouMean)");
        withTotal.ShouldBe(small + 1);
        byTag.ShouldBe(small + 1, "the tag's id first");
        byEverySlug.ShouldBe(small + 1, "one lookup per kind of slug, then the page (empty: no authors or tags to read)");
    }

    async Task<int> CountSqlAsync(string url, WebApplicationFactory<Program> host, HttpClient client)
    {
        var id = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(SqlCommandCounter.Header, id);
        (await client.SendAsync(request, _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return host.Services.GetRequiredService<SqlCommandCounter>().CountFor(id);
    }

    [Fact]
    public async Task A_List_Carries_An_ETag_And_Answers_304_When_It_Matches()
    {
        var data = new ArticleData(api);
        await data.AddPublishedAsync(2, _ct);
        var url = $"/api/v1/articles?tag={data.Tag.Slug}";

        var first = await _client.GetAsync(url, _ct);
        var etag = first.Headers.ETag!;
        first.Headers.CacheControl!.Public.ShouldBeTrue();
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        var second = await _client.SendAsync(conditional, _ct);

        second.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await second.Content.ReadAsByteArrayAsync(_ct)).ShouldBeEmpty();

        await data.AddPublishedAsync(1, _ct, newest: DateTime.UtcNow.AddSeconds(-1));
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, url);
        afterChange.Headers.IfNoneMatch.Add(etag);
        (await _client.SendAsync(afterChange, _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
