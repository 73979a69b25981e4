using ArticlesApi.Features.Articles;
using FastEndpoints;
using FluentValidation;

namespace Articles.Get;

sealed class Request
{
    /// The article's id (UUID) or slug.
    public string IdOrSlug { get; set; } = "";

    /// Body formats to include, comma-separated: `markdown`, `html`, `text` (default: all three).
    [QueryParam, ArticlesApi.Infrastructure.OpenApiDocs.QuerySchema(Values = ["markdown", "html", "text"], CommaList = true)]
    public string? Formats { get; set; }

    /// A preview link's token (POST /articles/{idOrSlug}/preview): shows this article as it is now, whatever its status.
    [QueryParam]
    public string? Preview { get; set; }

    static readonly Dictionary<string, BodyFormats> Names = new(StringComparer.Ordinal)
    {
        ["markdown"] = BodyFormats.Markdown,
        ["html"] = BodyFormats.Html,
        ["text"] = BodyFormats.Text,
    };

    public static bool TryParseFormats(string? value, out BodyFormats formats)
    {
        formats = BodyFormats.All;
        if (string.IsNullOrEmpty(value))
            return true;
        formats = 0;
        foreach (var name in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Names.TryGetValue(name, out var format))
                return false;
            formats |= format;
        }
        return true;
    }
}

sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Formats).Must(v => Request.TryParseFormats(v, out _))
            .WithMessage("formats must be a comma list of markdown, html and text.");
        RuleFor(r => r.Preview).MaximumLength(ArticlesApi.Features.Articles.Preview.PreviewLinks.TokenLength);
    }
}
