using FluentValidation;

namespace ArticlesApi.Features.Webhooks;

/// What creating or replacing a webhook takes.
public class WebhookInput
{
    /// Where events are POSTed: an absolute http or https URL on a public address.
    public string Url { get; init; } = null!;

    /// Event types to deliver, e.g. `["article.published", "article.unpublished", "article.deleted"]`.
    public string[] Events { get; init; } = null!;

    /// What the webhook is for.
    public string? Description { get; init; }

    public Uri Target() => new(Url.Trim(), UriKind.Absolute);
}

public sealed class WebhookInputRules : AbstractValidator<WebhookInput>
{
    public WebhookInputRules()
    {
        RuleFor(x => x.Url).NotEmpty().MaximumLength(2000)
            .Must(u => Uri.TryCreate(u?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.UserInfo))
            .WithMessage("'url' must be an absolute http or https URL without user name or password.");
        RuleFor(x => x.Events).NotEmpty().WithMessage($"'events' must name at least one of: {string.Join(", ", WebhookEvents.All)}.");
        RuleFor(x => x.Events.Length).LessThanOrEqualTo(WebhookEvents.All.Length).OverridePropertyName("events").When(x => x.Events is not null);
        RuleForEach(x => x.Events).Must(e => WebhookEvents.All.Contains(e))
            .WithMessage($"Each event must be one of: {string.Join(", ", WebhookEvents.All)}.");
        RuleFor(x => x.Description).MaximumLength(500);
    }

    public static async Task<string?> RefusedTargetAsync(WebhookInput input, bool allowPrivate, CancellationToken ct) =>
        await WebhookTargets.RefusalAsync(input.Target(), allowPrivate, ct);
}
