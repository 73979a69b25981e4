using System.Net;
using System.Text.Json;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Media;
using ArticlesApi.Tests.Features.OpenApi;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Media;

/// The sample newsroom's pictures: generated, stored as uploads are, and shown by every sample article.
public sealed class SampleMediaTests(SampleNewsroomApi api) : IClassFixture<SampleNewsroomApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_Sample_Article_Shows_A_Generated_Picture_With_Its_Credit_And_One_Shows_It_Inline()
    {
        var client = api.CreateClient();
        var read = await (await client.GetAsync($"/api/v1/articles/{ArticleExamples.Published}", _ct)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        var image = read.GetProperty("featureImage");
        image.GetProperty("media").GetGuid().ShouldBe(SampleMedia.ConferenceTableId);
        image.GetProperty("credit").GetString().ShouldBe("Illustrazione: Redazione");
        image.GetProperty("alt").GetString().ShouldNotBeNullOrWhiteSpace();
        image.GetProperty("caption").GetString().ShouldNotBeNullOrWhiteSpace();
        image.GetProperty("renditions").GetArrayLength().ShouldBeGreaterThan(1);
        var file = await client.GetAsync(image.GetProperty("url").GetString(), _ct);
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");

        var patrol = await (await client.GetAsync(
            "/api/v1/articles/motovedetta-libica-spara-in-aria-durante-un-soccorso-la-denuncia-di-una-nave-umanitaria", _ct)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        var html = patrol.GetProperty("body").GetProperty("html").GetString()!;
        html.ShouldContain("srcset=\"");
        html.ShouldContain("alt=\"Il mare aperto sotto un cielo grigio, una nave all'orizzonte\"");
        html.ShouldNotContain("media:");

        await using var db = api.Database.CreateContext();
        (await db.Articles.CountAsync(a => a.FeatureImage == null || a.FeatureImage.MediaId == null, _ct)).ShouldBe(0, "every sample article has a picture");
        (await db.Media.CountAsync(_ct)).ShouldBe(SampleMedia.Ids.Count);
        (await db.Media.CountAsync(m => m.Alt != "" && m.Credit != null, _ct)).ShouldBe(SampleMedia.Ids.Count);
    }

    [Fact]
    public async Task A_Database_Seeded_Again_Over_The_Media_Folder_Of_An_Earlier_One_Still_Gets_Its_Pictures()
    {
        // The same Media:Path, whose sample files the fixture's own start stored: a database reset keeps the folder.
        await using var fresh = await TestDatabase.CreateMigratedAsync("reseed");
        await using var host = api.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Articles", fresh.ConnectionString));
        var client = host.CreateClient();

        var read = await (await client.GetAsync($"/api/v1/articles/{ArticleExamples.Published}", _ct)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        read.GetProperty("featureImage").GetProperty("media").GetGuid().ShouldBe(SampleMedia.ConferenceTableId);
        (await client.GetAsync(read.GetProperty("featureImage").GetProperty("url").GetString(), _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = fresh.CreateContext();
        (await db.Media.CountAsync(_ct)).ShouldBe(SampleMedia.Ids.Count);
    }
}
