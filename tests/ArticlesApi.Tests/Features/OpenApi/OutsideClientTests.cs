using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.OpenApi;

/// Clients outside .NET against the API listening on a real port: a TypeScript client generated
/// from the served document, and Swagger UI in headless Chromium.
public sealed class OutsideClientTests(LiveApi live) : IClassFixture<LiveApi>
{
    Dictionary<string, string> Environment => new()
    {
        ["API_URL"] = live.Url,
        ["API_KEY"] = ApiFactory.BootstrapAdminKey,
    };

    /// The flow, then the example client's site pages and editor flow (examples.ts), in one `node dist/src/flow.js`.
    [Fact]
    public async Task GeneratedClientFlow_Runs_Against_The_Api()
    {
        // Generated from the served document, never edited: tests/client/generated is git-ignored.
        await Tools.RunAsync("openapi-typescript", $"{live.Url}/swagger/v1/swagger.json -o generated/api.ts");
        await Tools.RunAsync("tsc", "-p .");
        var output = await Tools.RunAsync("node", "dist/src/flow.js", Environment);
        output.ShouldContain("flow ok");
        // The example client (tests/client/src/site.ts, editor.ts) on the sample newsroom.
        output.ShouldContain("site ok");
        output.ShouldContain("editor ok");
    }

    [Fact]
    public async Task SwaggerUi_Loads_Authorizes_Tries_The_Article_List_And_Uploads_A_Picture_Through_The_File_Picker()
    {
        var screenshot = Path.Combine(Tools.Artifacts, "swagger-ui.png");
        File.Delete(screenshot);
        var output = await Tools.RunAsync("node", "src/swagger-ui.mjs",
            new Dictionary<string, string>(Environment) { ["SCREENSHOT"] = screenshot }, TimeSpan.FromMinutes(2));
        output.ShouldContain("swagger ui ok");
        output.ShouldContain("upload 201");
        File.Exists(screenshot).ShouldBeTrue();
    }
}
