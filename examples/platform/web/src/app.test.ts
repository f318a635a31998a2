import { app } from "./app";
