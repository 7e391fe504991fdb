namespace TokenWatch.Core.Notifications;

/// <summary>Delivers an email: SendGrid in Azure, an outbox folder locally.</summary>
public interface INotifier
{
    /// <summary>Throws <see cref="DeliveryException"/> when the provider did not accept the message.</summary>
    Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken);

    /// <summary>
    /// The longest one attempt of one email may take, its answer included: an email is started only when the
    /// evaluation's time left covers it. Zero for a notifier with nothing to wait on.
    /// </summary>
    TimeSpan AttemptTimeout => TimeSpan.Zero;
}
