package io.ipaccess.api;

/**
 * One error in SendGrid's error shape: {@code {"field": "ips[0].ip", "message": "..."}}.
 *
 * @param field the request field at fault, or {@code null} when the error is not about one
 * @param message what is wrong and what is allowed
 */
public record ApiError(String field, String message) {}
