using System.Net;
using System.Xml;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace ArticlesApi.Tests.Features.Distribution;

/// A month of 50,001 published articles: the protocol's 50,000 URLs a file hold, so the month is two files, both
/// listed by the index and both valid. The rows are inserted by SQL (a month of articles through the API would
/// take minutes); the host is started on them.
public sealed class SitemapSplitTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    const int Articles = 50_001;
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    WebApplicationFactory<Program> _host = null!;
    HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO articles (id, slug, title, excerpt, body_markdown, body_html, body_text, language, status, published_at,
                                  created_at, updated_at, word_count, reading_time_minutes, body_renderer_version)
            SELECT gen_random_uuid(), 'split-' || g, 'Articolo ' || g, 'e', 'b', '<p>b</p>', 'b', 'it', 'published',
                   timestamptz '2025-07-01T00:00:00Z' + g * interval '10 seconds', timestamptz '2025-07-01T00:00:00Z',
                   timestamptz '2025-08-01T00:00:00Z' + g * interval '1 microsecond', 1, 1, 1
            FROM generate_series(1, {Articles}) g
            """, connection) { CommandTimeout = 300 };
        await insert.ExecuteNonQueryAsync(_ct);
        _host = api.WithWebHostBuilder(b => b.UseSetting("Api:PublicUrl", "https://api.oltrelalinea.news"));
        _client = _host.CreateClient();
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    /// The number of `url` elements and the newest `lastmod`, read with a streaming reader.
    static (int Urls, DateTime Newest) Count(string xml)
    {
        var (urls, newest) = (0, DateTime.MinValue);
        using var reader = XmlReader.Create(new StringReader(xml));
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
                continue;
            if (reader.LocalName == "url")
                urls++;
            else if (reader.LocalName == "lastmod")
            {
                var lastmod = DateTime.Parse(reader.ReadElementContentAsString(), null, System.Globalization.DateTimeStyles.AdjustToUniversal);
                newest = lastmod > newest ? lastmod : newest;
            }
        }
        return (urls, newest);
    }

    [Fact]
    public async Task A_Month_Past_50000_Urls_Is_Split_Into_Numbered_Sitemaps_Each_Valid()
    {
        var index = await _client.GetStringAsync("/api/v1/sitemaps/index.xml", _ct);
        await DistributionChecks.ValidAsync(index, "siteindex.xsd");
        index.ShouldContain("https://api.oltrelalinea.news/api/v1/sitemaps/articles-2025-07.xml</loc>");
        index.ShouldContain("https://api.oltrelalinea.news/api/v1/sitemaps/articles-2025-07-2.xml</loc>");

        var first = await _client.GetStringAsync("/api/v1/sitemaps/articles-2025-07.xml", _ct);
        var second = await _client.GetStringAsync("/api/v1/sitemaps/articles-2025-07-2.xml", _ct);
        await DistributionChecks.ValidAsync(first, "urlset.xsd");
        await DistributionChecks.ValidAsync(second, "urlset.xsd");
        Count(first).Urls.ShouldBe(50_000);
        (Count(second).Urls, Count(second).Newest).ShouldBe((1, new DateTime(2025, 8, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(Articles * 10)));
        second.ShouldContain($"/split-{Articles}</loc>");
        first.ShouldNotContain($"/split-{Articles}</loc>");
        index.ShouldContain("<lastmod>2025-08-01T00:00:00.05Z</lastmod>");
        index.ShouldContain("<lastmod>2025-08-01T00:00:00.050001Z</lastmod>");

        (await _client.GetAsync("/api/v1/sitemaps/articles-2025-07-3.xml", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
