using System.ComponentModel;
using ArticlesApi.Features.Articles;
using FastEndpoints;
using FluentValidation;

namespace Articles.Publish;

[Description("When to publish.")]
sealed class Request : ActionRequest
{
    [Description("In the future: the article is scheduled and appears by itself at that time. Now or past: published "
        + "with that date. Not given: published now, or at its earlier publishedAt if it had one.")]
    public DateTimeOffset? PublishAt { get; init; }
}

sealed class Validator : Validator<Request>
{
    static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Latest = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public Validator() =>
        // A range passes a null value: no `When`, so the document reads the range (ValidationRulesDocs).
        RuleFor(x => x.PublishAt).InclusiveBetween(Earliest, Latest)
            .WithMessage("'publishAt' must be an ISO 8601 time between 1900 and 3000, e.g. \"2030-01-01T08:00:00Z\".");
}
