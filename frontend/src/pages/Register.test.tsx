import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { problem, renderWithApp, stubApi } from "../test/render";
import { Register } from "./Register";

afterEach(() => vi.unstubAllGlobals());

async function fill(overrides: Record<string, string> = {}) {
  const values: Record<string, string> = {
    Username: "new_trader",
    Email: "new@example.com",
    "First name": "Ada",
    "Last name": "Lovelace",
    "^Password": "TestPassword123!",
    "Confirm password": "TestPassword123!",
    Phone: "+1 555 123 4567",
    "Date of birth": "1990-05-17",
    ...overrides,
  };
  // paste(): one input event per field, so a loaded machine doesn't spend seconds typing.
  for (const [label, v] of Object.entries(values)) {
    const el = screen.getByLabelText(new RegExp(label));
    await userEvent.clear(el);
    if (v) {
      await userEvent.click(el);
      await userEvent.paste(v);
    }
  }
}

describe("registration form", () => {
  it("sends every field of the API and goes to login", async () => {
    const { calls } = stubApi({ "POST /api/v1/auth/register": { status: 201, body: { message: "User registered successfully" } } });
    renderWithApp(<Register />, { route: "/register", path: "/register" });
    await fill();
    await userEvent.click(screen.getByLabelText(/product news/));
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    await waitFor(() => expect(screen.getAllByTestId("location").at(-1)).toHaveTextContent("/login"));
    expect(calls[0].body).toEqual({
      username: "new_trader",
      email: "new@example.com",
      password: "TestPassword123!",
      first_name: "Ada",
      last_name: "Lovelace",
      phone: "+1 555 123 4567",
      date_of_birth: "1990-05-17",
      marketing_emails_consent: true,
    });
  });

  it("leaves optional fields out when empty", async () => {
    const { calls } = stubApi({ "POST /api/v1/auth/register": { status: 201, body: { message: "ok" } } });
    renderWithApp(<Register />, { route: "/register", path: "/register" });
    await fill({ Phone: "", "Date of birth": "" });
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].body).not.toHaveProperty("phone");
    expect(calls[0].body).not.toHaveProperty("date_of_birth");
  });

  it("shows each API field error next to its field", async () => {
    stubApi({
      "POST /api/v1/auth/register": problem(422, "VALIDATION_ERROR", "password: ...; phone: ...", [
        { field: "password", message: "Password must contain at least one digit" },
        { field: "phone", message: "Phone number must be 10-15 digits" },
      ]),
    });
    renderWithApp(<Register />, { route: "/register", path: "/register" });
    await fill({ "^Password": "NoDigitsHere!!", "Confirm password": "NoDigitsHere!!", Phone: "123" });
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByText("Password must contain at least one digit")).toBeInTheDocument();
    expect(screen.getByLabelText(/^Password/)).toHaveAccessibleDescription(/Password must contain at least one digit/);
    expect(screen.getByLabelText(/Phone/)).toHaveAccessibleDescription(/Phone number must be 10-15 digits/);
  });

  it("a taken username is a form-level message with the API's detail", async () => {
    stubApi({ "POST /api/v1/auth/register": problem(409, "USER_EXISTS", "Username 'new_trader' already exists") });
    renderWithApp(<Register />, { route: "/register", path: "/register" });
    await fill();
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Username 'new_trader' already exists");
  });

  it("catches mismatched passwords before calling the API", async () => {
    const { calls } = stubApi({});
    renderWithApp(<Register />, { route: "/register", path: "/register" });
    await fill({ "Confirm password": "Different123!x" });
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByText("The passwords do not match")).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });
});
