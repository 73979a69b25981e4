namespace ArticlesApi.Features.Articles;

[Flags]
public enum BodyFormats
{
    Markdown = 1,
    Html = 2,
    Text = 4,
    All = Markdown | Html | Text,
}
