using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Validation;
using FluentValidation;

namespace ArticlesApi.Features.Authors;

/// The editable fields of an author, as POST and PUT take them.
public class AuthorInput
{
    public string Name { get; init; } = null!;

    /// Generated from the name when not given (on PUT: kept when not given). Never shaped like a UUID (URLs take either).
    public string? Slug { get; init; }

    public string? Bio { get; init; }

    /// Private: never in public reads; editors and admins read it back (GET with their key).
    public string? Email { get; init; }

    public string? AvatarUrl { get; init; }
    public string? WebsiteUrl { get; init; }
    public string? Location { get; init; }

    /// Social and professional profiles, e.g. { "label": "Mastodon", "url": "https://…" }.
    public List<AuthorLinkInput>? Links { get; init; }

    public void ApplyTo(Author author)
    {
        author.Name = Name.Trim();
        author.Bio = Bio;
        author.Email = Email;
        author.AvatarUrl = AvatarUrl;
        author.WebsiteUrl = WebsiteUrl;
        author.Location = Location;
        author.Links = (Links ?? []).Select(l => new AuthorLink { Label = l.Label, Url = l.Url }).ToList();
    }
}

public sealed class AuthorLinkInput
{
    public string Label { get; init; } = null!;
    public string Url { get; init; } = null!;
}

public sealed class AuthorInputRules : AbstractValidator<AuthorInput>
{
    public const int MaxLinks = 20;

    public AuthorInputRules()
    {
        RuleFor(x => x.Name).Text(200, required: true);
        RuleFor(x => x.Slug).SlugFormat();
        RuleFor(x => x.Bio).Text(10000, required: false);
        RuleFor(x => x.Email).MaximumLength(320).EmailAddress();
        RuleFor(x => x.AvatarUrl).AbsoluteHttpUrl();
        RuleFor(x => x.WebsiteUrl).AbsoluteHttpUrl();
        RuleFor(x => x.Location).Text(200, required: false);
        RuleFor(x => x.Links).MaxItems(MaxLinks).WithMessage($"At most {MaxLinks} links.");
        RuleForEach(x => x.Links).NotNull().ChildRules(link =>
        {
            link.RuleFor(l => l.Label).Text(100, required: true);
            link.RuleFor(l => l.Url).NotEmpty().AbsoluteHttpUrl();
        });
    }
}
