package io.modulets.supervisor;

/** When an exited child is restarted (OTP's {@code restart} key of a child spec). */
public enum RestartType {
    /** Always restarted, whatever its exit reason. Cannot be {@linkplain ChildSpec#significant() significant}. */
    PERMANENT,
    /**
     * Restarted only after an {@linkplain ExitReason#isAbnormal() abnormal} exit: a {@link ExitReason.Failure}
     * or an {@link ExitReason.Escalated}. {@link ExitReason.Normal} and {@link ExitReason.Shutdown} are not
     * abnormal.
     */
    TRANSIENT,
    /** Never restarted, not even when a sibling's restart under ONE_FOR_ALL or REST_FOR_ONE stopped it. */
    TEMPORARY
}
