using ArticlesApi.Domain;
using ArticlesApi.Tests.Features.OpenApi;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Record;

public sealed class SampleRecordTests(SampleNewsroomApi api) : IClassFixture<SampleNewsroomApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_Sample_Newsroom_Has_A_Corrected_And_A_Retracted_Article()
    {
        var anonymous = api.CreateClient();
        var corrected = await (await anonymous.GetAsync(
            $"/api/v1/articles/{Slug.From("Ukraine says Russia is massing troops near Kharkiv; Moscow calls the report a fabrication")}", _ct)).JsonAsync();
        var retracted = await (await anonymous.GetAsync(
            $"/api/v1/articles/{Slug.From("Motovedetta libica spara in aria durante un soccorso, la denuncia di una nave umanitaria")}", _ct)).JsonAsync();

        corrected.GetProperty("corrections").EnumerateArray().ShouldHaveSingleItem().GetProperty("kind").GetString().ShouldBe("correction");
        retracted.GetProperty("retraction").GetProperty("html").GetString()!.ShouldContain("<strong>Ritrattazione.</strong>");
        retracted.GetProperty("status").GetString().ShouldBe("published");
    }
}
