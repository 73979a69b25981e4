using System.Text.Json;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Distribution;

/// The real checks of what the distribution endpoints answer: Debian's python3-feedparser for RSS and Atom, the
/// published JSON Feed schema for JSON Feed, and `xmllint --schema` with the sitemaps.org and Google News schemas
/// (Schemas/, each naming its source). scripts/distribution-tools.sh installs feedparser and xmllint.
public static class DistributionChecks
{
    static string Here => Path.Combine(Tools.Root, "tests", "ArticlesApi.Tests", "Features", "Distribution");

    public static string Schema(string file) => Path.Combine(Here, "Schemas", file);

    /// What feedparser understood of a feed (parse_feed.py); fails the test when feedparser flags it (bozo).
    public static async Task<JsonElement> FeedParserAsync(string feed)
    {
        var file = await WriteAsync(feed, ".xml");
        try
        {
            var output = await Tools.RunAsync("/usr/bin/python3", $"\"{Path.Combine(Here, "parse_feed.py")}\" \"{file}\"");
            var parsed = JsonDocument.Parse(output).RootElement;
            parsed.GetProperty("bozo").GetBoolean().ShouldBeFalse(parsed.GetProperty("bozo_exception").ToString());
            return parsed;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// `xmllint --noout --schema` of the document against one of Schemas/; fails the test with xmllint's words when it is not valid.
    public static async Task ValidAsync(string xml, string schema)
    {
        var file = await WriteAsync(xml, ".xml");
        try
        {
            var output = await Tools.RunAsync("xmllint", $"--noout --schema \"{Schema(schema)}\" \"{file}\"");
            output.ShouldContain("validates");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// Errors of a JSON Feed against the JSON Feed 1.1 schema (Schemas/jsonfeed-1.1.schema.json); empty when valid.
    public static async Task<List<string>> JsonFeedErrorsAsync(string json)
    {
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Schema("jsonfeed-1.1.schema.json"));
        return schema.Validate(json).Select(e => $"{e.Kind} at {e.Path}").ToList();
    }

    static async Task<string> WriteAsync(string content, string extension)
    {
        var file = Path.Combine(Path.GetTempPath(), $"distribution-{Guid.NewGuid():N}{extension}");
        await File.WriteAllTextAsync(file, content);
        return file;
    }
}
