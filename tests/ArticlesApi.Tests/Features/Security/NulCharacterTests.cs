using System.Net;
using System.Text;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Security;

/// JSON may carry "\u0000"; PostgreSQL text cannot. The fuzz run found it as a 500 on writes.
public sealed class NulCharacterTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/tags", """{ "name": "a\u0000b" }""", "name")]
    [InlineData("/api/v1/keys", """{ "name": "ops\u0000", "role": "editor" }""", "name")]
    [InlineData("/api/v1/sources", """{ "name": "ANSA", "kind": "agency", "description": "\u0000" }""", "description")]
    [InlineData("/api/v1/articles", """{ "title": "T", "language": "it", "authors": ["x"], "body": { "markdown": "a\u0000" } }""", "body.markdown")]
    public async Task A_Nul_Character_In_Any_Text_Returns_400_Naming_The_Field(string path, string json, string field)
    {
        var admin = await api.AdminAsync();

        var response = await admin.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorNamesAsync(_ct)).ShouldContain(field);
    }
}
