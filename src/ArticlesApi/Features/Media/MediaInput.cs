using ArticlesApi.Domain;
using FluentValidation;

namespace ArticlesApi.Features.Media;

/// What the newsroom says of an image: written on upload, replaced by PUT.
public class MediaInput
{
    /// Alternative text for readers who cannot see the image: required (accessibility is not optional).
    public string Alt { get; set; } = null!;

    public string? Caption { get; set; }

    /// Who made the picture, as it should be printed (e.g. `Photo: Ana Rossi / Agency`).
    public string? Credit { get; set; }

    /// Under what terms it may be used (e.g. `CC BY 4.0`).
    public string? License { get; set; }
}

public sealed class MediaInputRules : AbstractValidator<MediaInput>
{
    public MediaInputRules()
    {
        RuleFor(x => x.Alt).NotEmpty().WithMessage("'alt' is required: describe the image for readers who cannot see it.")
            .MaximumLength(MediaItem.MaxAltLength);
        RuleFor(x => x.Caption).MaximumLength(MediaItem.MaxCaptionLength);
        RuleFor(x => x.Credit).MaximumLength(MediaItem.MaxCreditLength);
        RuleFor(x => x.License).MaximumLength(MediaItem.MaxLicenseLength);
    }

    /// Blank optional text is no text.
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
