/** The one error shape of the API, in REST, our endpoints and Express alike. */
export type ErrorShape = { errors: { message: string }[] }

/** `{ errors: [{ message }] }`. */
export const errorShape = (message: string): ErrorShape => ({ errors: [{ message }] })

/** An error answer of our endpoints: the error shape with its status. */
export const errorResponse = (status: number, message: string): Response =>
  Response.json(errorShape(message), { status })
